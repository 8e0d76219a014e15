import { Button, Group, NativeSelect, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery, type UseInfiniteQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi, toQuery, type Page } from './api.ts';

/**
 * A cursor-paged list of an API collection, newest pages fetched on demand and
 * the whole list refreshed every minute (the discount requests and promises pages).
 */
export function usePagedList<T>(
  queryKey: readonly unknown[],
  path: string,
  query: Record<string, string | number | undefined>,
) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) =>
      callApi<Page<T>>(
        'GET',
        `${path}${toQuery({ ...query, cursor: pageParam || undefined })}`,
        undefined,
        signal,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: 60_000,
  });
}

interface Choice<V extends string> {
  value: V;
  label: string;
}

/**
 * A list page of the same shape everywhere: a title, a filter (a select) and,
 * for supervisors, whose items (a segmented control); then the items, or why
 * there are none, and "Load more".
 */
export function ListPage<V extends string, W extends string>({
  title,
  filter,
  views,
  above,
  list,
  isEmpty,
  emptyText,
  listLabel,
  listClassName,
  loadMoreLabel,
  children,
}: {
  title: string;
  filter: { label: string; value: V; options: Choice<V>[]; onChange: (value: V) => void };
  /** Whose items: shown only when there is a choice. */
  views?: { label?: string; value: W; options: Choice<W>[]; onChange: (value: W) => void };
  /** Between the header and the list (figures). */
  above?: ReactNode;
  list: UseInfiniteQueryResult<unknown, Error>;
  isEmpty: boolean;
  emptyText: string;
  listLabel: string;
  listClassName: string;
  loadMoreLabel: string;
  /** The list's items (`<li>`s). */
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Stack p="md" gap="md" maw={960}>
      <Group justify="space-between" gap="sm">
        <Title order={2} size="h3">
          {title}
        </Title>
        <Group gap="sm">
          <NativeSelect
            aria-label={filter.label}
            value={filter.value}
            onChange={(e) => filter.onChange(e.currentTarget.value as V)}
            data={filter.options}
          />
          {views && (
            <SegmentedControl
              value={views.value}
              onChange={(v) => views.onChange(v as W)}
              {...(views.label ? { 'aria-label': views.label } : {})}
              data={views.options}
            />
          )}
        </Group>
      </Group>
      {above}
      {list.isError ? (
        <Text c="red" role="alert">
          {t('common.error', { message: list.error.message })}
        </Text>
      ) : list.isSuccess && isEmpty ? (
        <Text c="dimmed">{emptyText}</Text>
      ) : (
        <ul className={listClassName} aria-label={listLabel}>
          {children}
        </ul>
      )}
      {list.hasNextPage && (
        <Button
          variant="subtle"
          onClick={() => void list.fetchNextPage()}
          loading={list.isFetchingNextPage}
        >
          {loadMoreLabel}
        </Button>
      )}
    </Stack>
  );
}
