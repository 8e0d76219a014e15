import { Badge, Group, Loader, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi, toQuery, type Page } from '../api.ts';
import type { CannedResponse } from './upload.ts';

/** The "/word" being typed just before the caret, at a line start or after a space. */
export function findSlashToken(
  text: string,
  caret: number,
): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const m = /(^|\s)\/([\p{L}\p{N}_-]{0,50})$/u.exec(before);
  if (!m) return null;
  return { start: caret - m[2]!.length - 1, query: m[2]! };
}

/**
 * Canned responses matching what follows the "/"; those in the client's
 * language come first (the server orders by title).
 */
export function useCannedSearch(query: string | null, clientId: string) {
  const client = useQuery({
    queryKey: ['client', clientId],
    queryFn: ({ signal }) =>
      callApi<{ language: string | null }>('GET', `/clients/${clientId}`, undefined, signal),
    enabled: query !== null,
    staleTime: 60_000,
  });
  const language = client.data?.language;
  const search = useQuery({
    queryKey: ['canned-responses', 'search', query],
    queryFn: ({ signal }) =>
      callApi<Page<CannedResponse>>(
        'GET',
        `/canned-responses${toQuery({ q: query || undefined, limit: 20 })}`,
        undefined,
        signal,
      ),
    enabled: query !== null,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const items = search.data?.items ?? [];
  const ranked = language
    ? [
        ...items.filter((i) => i.language === language),
        ...items.filter((i) => i.language !== language),
      ]
    : items;
  return { items: ranked, isFetching: search.isFetching };
}

export const CANNED_LIST_ID = 'composer-canned-list';
export const cannedOptionId = (id: string) => `composer-canned-${id}`;

/** The list under the "/": a listbox the composer's textarea drives with the arrow keys. */
export function CannedList(props: {
  items: CannedResponse[];
  activeIndex: number;
  isLoading: boolean;
  onPick: (item: CannedResponse) => void;
  onHover: (index: number) => void;
}) {
  const { t } = useTranslation();
  const list = useRef<HTMLUListElement>(null);
  const active = props.items[props.activeIndex];
  useEffect(() => {
    if (!active) return;
    document.getElementById(cannedOptionId(active.id))?.scrollIntoView({ block: 'nearest' });
  }, [active]);
  return (
    <div className="canned-popup">
      <Group justify="space-between" px="xs" py={4} className="canned-popup-head">
        <Text size="xs" fw={600}>
          {t('canned.picker.title')}
        </Text>
        <Text size="xs" c="dimmed">
          {t('canned.picker.keys')}
        </Text>
      </Group>
      <ul
        ref={list}
        id={CANNED_LIST_ID}
        role="listbox"
        aria-label={t('canned.picker.title')}
        className="canned-list"
      >
        {props.items.map((item, i) => (
          <li
            key={item.id}
            id={cannedOptionId(item.id)}
            role="option"
            aria-selected={i === props.activeIndex}
            className="canned-option"
            // mousedown, not click: the textarea keeps the focus (and the caret).
            onMouseDown={(e) => {
              e.preventDefault();
              props.onPick(item);
            }}
            onMouseEnter={() => props.onHover(i)}
          >
            <Group gap={6} wrap="nowrap" justify="space-between">
              <Text size="sm" fw={600} truncate>
                {item.title}
              </Text>
              <Group gap={4} wrap="nowrap">
                <Text size="xs" c="dimmed" ff="monospace">
                  /{item.shortcut}
                </Text>
                <Badge size="xs" variant="light" color="gray">
                  {item.language}
                </Badge>
              </Group>
            </Group>
            <Text size="xs" c="dimmed" truncate>
              {item.body}
            </Text>
          </li>
        ))}
      </ul>
      {props.items.length === 0 && (
        <Text size="sm" c="dimmed" px="xs" py={6} role="status">
          {props.isLoading ? (
            <Loader size="xs" role="status" aria-label={t('common.loading')} />
          ) : (
            t('canned.picker.none')
          )}
        </Text>
      )}
    </div>
  );
}
