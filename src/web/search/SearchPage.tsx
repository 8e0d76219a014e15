import { Button, Center, Group, Loader, Stack, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { SearchItem } from '../../shared/api/search.ts';
import { callApi, toQuery, type Page } from '../api.ts';
import { useErrorText } from '../client/InlineInput.tsx';
import {
  activeFilterCount,
  apiQuery,
  isBackwardRange,
  readSearch,
  writeSearch,
  type SearchFilters as Filters,
} from './params.ts';
import { SearchFilters } from './SearchFilters.tsx';
import { SearchResult } from './SearchResult.tsx';
import './search.css';

const PAGE_SIZE = 20;

/**
 * One search over conversations, messages, clients and articles, best match
 * first: the words and filters are the URL's, so every change is a step back
 * and forward can retrace; more results load a page at a time.
 */
export function SearchPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readSearch(params), [params]);
  const change = useCallback(
    (next: Partial<Filters> | null) =>
      setParams((current) => {
        const now = readSearch(current);
        return writeSearch(next === null ? { ...now, ...clearedFilters } : { ...now, ...next });
      }),
    [setParams],
  );
  const isBackward = isBackwardRange(filters);
  const query = apiQuery(filters);
  const results = useInfiniteQuery({
    queryKey: ['search', query],
    queryFn: ({ pageParam, signal }) =>
      callApi<Page<SearchItem>>(
        'GET',
        `/search${toQuery({ ...query, limit: PAGE_SIZE, cursor: pageParam })}`,
        undefined,
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled: filters.q !== '' && !isBackward,
  });
  const items = results.data?.pages.flatMap((p) => p.items) ?? [];
  const filterCount = activeFilterCount(filters);

  return (
    <Stack className="search-page" gap="sm">
      <Title order={2} size="h3">
        {t('globalSearch.title')}
      </Title>
      <SearchBox value={filters.q} onSearch={(q) => change({ q })} />
      <SearchFilters filters={filters} onChange={change} />
      {isBackward && (
        <Text c="red.8" size="sm" role="alert">
          {t('globalSearch.backwardRange')}
        </Text>
      )}
      {filters.q === '' && (
        <Text c="dimmed" size="sm">
          {t('globalSearch.start')}
        </Text>
      )}
      {results.isLoading && (
        <Center p="xl">
          <Loader size="sm" role="status" aria-label={t('common.loading')} />
        </Center>
      )}
      {results.isError && (
        <Group gap="sm" role="alert">
          <Text c="red.8" size="sm">
            {errorText(results.error)}
          </Text>
          <Button size="compact-sm" variant="default" onClick={() => void results.refetch()}>
            {t('common.retry')}
          </Button>
        </Group>
      )}
      {results.isSuccess && items.length === 0 && (
        <Group gap="sm">
          <Text size="sm">
            {filterCount > 0
              ? t('globalSearch.noneFiltered', { q: filters.q })
              : t('globalSearch.none', { q: filters.q })}
          </Text>
          {/* A phone's filters are folded away; a wider screen has this button beside them. */}
          {filterCount > 0 && (
            <Button
              size="compact-sm"
              variant="default"
              hiddenFrom="sm"
              onClick={() => change(null)}
            >
              {t('globalSearch.clearFilters')}
            </Button>
          )}
        </Group>
      )}
      {/* Read out when a search or a "Load more" brings results. */}
      <Text size="xs" c="dimmed" role="status" aria-live="polite">
        {results.isSuccess && items.length > 0
          ? t('globalSearch.shown', { count: items.length })
          : ''}
      </Text>
      {items.length > 0 && (
        <ol className="search-results" aria-label={t('globalSearch.results')}>
          {items.map((item) => (
            <SearchResult key={`${item.type}${item.id}`} item={item} />
          ))}
        </ol>
      )}
      {results.hasNextPage && (
        <Center>
          <Button
            variant="default"
            loading={results.isFetchingNextPage}
            onClick={() => void results.fetchNextPage()}
          >
            {t('globalSearch.loadMore')}
          </Button>
        </Center>
      )}
    </Stack>
  );
}

const clearedFilters: Omit<Filters, 'q'> = {
  types: [],
  statuses: [],
  assigneeId: undefined,
  from: undefined,
  to: undefined,
};

/** The words to find: searched on Enter (or the button), each search a step in the history. */
function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  // Back and forward bring another search's words.
  useEffect(() => setText(value), [value]);
  return (
    <form
      role="search"
      className="search-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(text.trim());
      }}
    >
      <TextInput
        type="search"
        label={t('globalSearch.field')}
        placeholder={t('globalSearch.placeholder')}
        aria-keyshortcuts="/ Control+K"
        data-shortcut="search"
        maxLength={200}
        // An empty search page is where "/" on a phone leads: ready to type.
        autoFocus={value === ''}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        className="search-form-field"
      />
      <Button type="submit">{t('globalSearch.submit')}</Button>
    </form>
  );
}
