import { Badge, Button, Center, Checkbox, Group, Loader, Text } from '@mantine/core';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { memo, useCallback, useDeferredValue, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Conversation, InboxView } from '../api.ts';
import { formatMessageTime } from '../format.ts';
import { markFirstScreen } from '../lazy.ts';
import { SlaBadge } from '../SlaBadge.tsx';
import { BulkBar } from './BulkBar.tsx';
import { apiParams, useInboxFilters } from './filters.ts';
import { InboxFilters } from './InboxFilters.tsx';
import { inboxQuery } from './queries.ts';
import { prefetchConversation } from '../conversation/queries.ts';

/** About as many rows as a 720-pixel-high window shows. */
const FIRST_ROWS = 8;

/**
 * One view's conversations, filtered, searched and sorted as the URL says, a
 * page at a time over the keyset cursor; rows can be selected for bulk changes.
 */
export function InboxList({ view, selectedId }: { view: InboxView; selectedId?: string }) {
  const { t } = useTranslation();
  const { filters, setFilters, search } = useInboxFilters();
  const params = apiParams(filters);
  const list = useInfiniteQuery(inboxQuery(view, params));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const settled = list.isSuccess || list.isError;
  useEffect(() => {
    if (settled) markFirstScreen();
  }, [settled]);

  // The selection belongs to one list: another view or filter starts afresh.
  const listKey = JSON.stringify([view, params]);
  const [selection, setSelection] = useState<{ key: string; ids: Set<string> }>({
    key: listKey,
    ids: new Set(),
  });
  const selected = selection.key === listKey ? selection.ids : new Set<string>();
  const anchor = useRef<number | null>(null);
  useEffect(() => {
    anchor.current = null;
  }, [listKey]);
  const setSelected = (ids: Set<string>) => setSelection({ key: listKey, ids });

  const toggle = (index: number, checked: boolean, shift: boolean) => {
    const next = new Set(selected);
    // Shift-click sets every row between the last one clicked and this one.
    const from = shift && anchor.current !== null ? Math.min(anchor.current, index) : index;
    const to = shift && anchor.current !== null ? Math.max(anchor.current, index) : index;
    for (let i = from; i <= to; i++) {
      const id = items[i]?.id;
      if (!id) continue;
      if (checked) next.add(id);
      else next.delete(id);
    }
    anchor.current = index;
    setSelected(next);
  };
  // Rows re-render only when their own conversation, selection or link changes (opening a
  // conversation re-renders the list): the toggle they get stays the same function.
  const latestToggle = useRef(toggle);
  useEffect(() => {
    latestToggle.current = toggle;
  });
  const onToggle = useCallback(
    (index: number, checked: boolean, shift: boolean) =>
      latestToggle.current(index, checked, shift),
    [],
  );
  const shownSelected = items.filter((c) => selected.has(c.id)).length;
  const allSelected = items.length > 0 && shownSelected === items.length;

  const base = view;
  return (
    <section className="list-pane" aria-label={t('inbox.label')}>
      <div className="list-head">
        <InboxFilters filters={filters} onChange={setFilters} />
        {items.length > 0 && (
          <Group gap="xs" mt={8} wrap="nowrap">
            <Checkbox
              size="xs"
              label={t('bulk.selectAll')}
              checked={allSelected}
              indeterminate={shownSelected > 0 && !allSelected}
              onChange={(e) =>
                setSelected(new Set(e.currentTarget.checked ? items.map((c) => c.id) : []))
              }
            />
          </Group>
        )}
      </div>
      {selected.size > 0 && <BulkBar ids={[...selected]} onClear={() => setSelected(new Set())} />}
      {list.isPending && (
        <Center p="xl">
          <Loader size="sm" role="status" aria-label={t('common.loading')} />
        </Center>
      )}
      {list.isError && (
        <Text c="red" p="md" role="alert">
          {t('common.error', { message: list.error.message })}
        </Text>
      )}
      {list.isSuccess && items.length === 0 && (
        <Text c="dimmed" p="md">
          {filters.q.trim() ? t('search.none', { q: filters.q.trim() }) : t('inbox.empty')}
        </Text>
      )}
      <ul className="rows" aria-label={t('inbox.label')}>
        {items.length > 0 && (
          <Rows
            items={items}
            selected={selected}
            onToggle={onToggle}
            link={(id) => `/inbox/${base}/${id}${search ? `?${search}` : ''}`}
            selectedId={selectedId}
          />
        )}
      </ul>
      {list.hasNextPage && (
        <Center p="sm">
          <Button
            variant="subtle"
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
          >
            {t('inbox.loadMore')}
          </Button>
        </Center>
      )}
      {items.length > 0 && (
        <Text size="xs" c="dimmed" ta="center" pb="sm">
          {t('inbox.shown', { count: items.length })}
        </Text>
      )}
    </section>
  );
}

/**
 * The rows. As they first appear they render the rows a window holds, and the rest
 * of the page in a deferred render just after those are painted.
 */
function Rows({
  items,
  selected,
  onToggle,
  link,
  selectedId,
}: {
  items: Conversation[];
  selected: Set<string>;
  onToggle: (index: number, checked: boolean, shift: boolean) => void;
  link: (id: string) => string;
  selectedId?: string;
}) {
  const shownCount = useDeferredValue(items.length, Math.min(items.length, FIRST_ROWS));
  return items
    .slice(0, shownCount)
    .map((c, index) => (
      <RowItem
        key={c.id}
        conversation={c}
        index={index}
        checked={selected.has(c.id)}
        onToggle={onToggle}
        to={link(c.id)}
        selected={c.id === selectedId}
      />
    ));
}

/** A row with its selection checkbox. */
const RowItem = memo(function RowItem({
  conversation: c,
  index,
  checked,
  onToggle,
  to,
  selected,
}: {
  conversation: Conversation;
  index: number;
  checked: boolean;
  onToggle: (index: number, checked: boolean, shift: boolean) => void;
  to: string;
  selected: boolean;
}) {
  const { t } = useTranslation();
  return (
    <li className="row-item">
      <Checkbox
        className="row-check"
        size="sm"
        aria-label={t('bulk.selectRow', { number: c.number, client: c.client.name })}
        checked={checked}
        onChange={(e) =>
          onToggle(
            index,
            e.currentTarget.checked,
            (e.nativeEvent as MouseEvent | KeyboardEvent).shiftKey,
          )
        }
      />
      <Row conversation={c} to={to} selected={selected} />
    </li>
  );
});

function Row({
  conversation: c,
  to,
  selected,
}: {
  conversation: Conversation;
  to: string;
  selected: boolean;
}) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  // What opening it shows starts loading as the pointer or the focus (j/k) reaches the row.
  const prefetch = () => prefetchConversation(queryClient, c.id);
  return (
    <Link
      className="row"
      to={to}
      aria-current={selected ? 'page' : undefined}
      data-inbox-row
      onMouseEnter={prefetch}
      onFocus={prefetch}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fw={600} size="sm" truncate>
          {c.client.name}
        </Text>
        <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
          {formatMessageTime(c.last_message_at, i18n.language)}
        </Text>
      </Group>
      <Text size="sm" truncate>
        <Text span c="dimmed" size="xs">
          #{c.number}{' '}
        </Text>
        {c.subject || t('inbox.noSubject')}
      </Text>
      <Text size="xs" c="dimmed" lineClamp={1}>
        {c.last_excerpt}
      </Text>
      <Group gap={6} mt={6} wrap="nowrap">
        <Badge size="sm" variant="outline" color="gray" style={{ textTransform: 'none' }}>
          {t(`channel.${c.channel}`)}
        </Badge>
        {(c.priority === 'high' || c.priority === 'urgent') && (
          <Badge
            size="sm"
            variant="light"
            color={c.priority === 'urgent' ? 'red' : 'orange'}
            style={{ textTransform: 'none' }}
          >
            {t(`filters.priority.${c.priority}`)}
          </Badge>
        )}
        <Text size="xs" c={c.assignee ? undefined : 'dimmed'} truncate style={{ flex: 1 }}>
          {c.assignee?.name ?? t('inbox.unassigned')}
        </Text>
        <SlaBadge sla={c.sla} />
      </Group>
    </Link>
  );
}
