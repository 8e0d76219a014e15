import {
  Anchor,
  Badge,
  Button,
  Group,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { callApi, toQuery, type Page } from '../api.ts';
import { formatMessageTime } from '../format.ts';
import { LANGUAGES } from '../i18n/index.ts';
import { CategoriesPanel, useCategories } from './CategoriesPanel.tsx';
import { LanguageBadges } from './LanguageBadges.tsx';
import {
  categoryName,
  kbKeys,
  languageLabel,
  languageName,
  pickLanguage,
  versionsByLanguage,
  type ArticleListItem,
  type KnowledgeCategory,
} from './queries.ts';
import { useCanWriteKnowledge } from './permissions.ts';
import './knowledge.css';

const PAGE_SIZE = 25;

interface Filters {
  q: string;
  category_id: string;
  state: string;
  visibility: string;
  language: string;
  sort: 'position' | 'updated';
}

/** The knowledge base: categories on the left, the articles with search and filters. */
export function KnowledgePage() {
  const { t, i18n } = useTranslation();
  const canWrite = useCanWriteKnowledge();
  const categories = useCategories();
  const [filters, setFilters] = useState<Filters>({
    q: '',
    category_id: '',
    state: '',
    visibility: '',
    language: '',
    sort: 'position',
  });
  const [q] = useDebouncedValue(filters.q.trim(), 300);
  const query = { ...filters, q };
  const list = useInfiniteQuery({
    queryKey: kbKeys.articles(query),
    queryFn: ({ pageParam, signal }) =>
      callApi<Page<ArticleListItem>>(
        'GET',
        `/knowledge/articles${toQuery({
          q: query.q,
          category_id: query.category_id,
          state: query.state,
          visibility: query.visibility,
          language: query.language,
          sort: query.sort,
          limit: PAGE_SIZE,
          cursor: pageParam || undefined,
        })}`,
        undefined,
        signal,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const byId = new Map((categories.data ?? []).map((c) => [c.id, c]));
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  return (
    <div className="kb-page">
      <CategoriesPanel
        categories={categories}
        selected={filters.category_id}
        onSelect={(id) => set({ category_id: id })}
      />
      <Stack gap="md" className="kb-main">
        <Group justify="space-between" gap="sm">
          <Title order={2} size="h3">
            {t('knowledge.title')}
          </Title>
          {canWrite && (
            <Button
              component={Link}
              to={`/knowledge/new${filters.category_id ? `?category=${filters.category_id}` : ''}`}
            >
              {t('knowledge.newArticle')}
            </Button>
          )}
        </Group>
        <Group gap="sm" align="flex-end" className="kb-filters">
          <TextInput
            type="search"
            label={t('knowledge.search')}
            placeholder={t('knowledge.searchPlaceholder')}
            value={filters.q}
            onChange={(e) => set({ q: e.currentTarget.value })}
            className="kb-search"
          />
          <NativeSelect
            label={t('knowledge.filter.state')}
            value={filters.state}
            onChange={(e) => set({ state: e.currentTarget.value })}
            data={[
              { value: '', label: t('knowledge.filter.any') },
              { value: 'published', label: t('knowledge.state.published') },
              { value: 'draft', label: t('knowledge.state.draft') },
            ]}
          />
          <NativeSelect
            label={t('knowledge.filter.visibility')}
            value={filters.visibility}
            onChange={(e) => set({ visibility: e.currentTarget.value })}
            data={[
              { value: '', label: t('knowledge.filter.any') },
              { value: 'public', label: t('knowledge.visibility.public') },
              { value: 'internal', label: t('knowledge.visibility.internal') },
            ]}
          />
          <NativeSelect
            label={t('knowledge.filter.language')}
            value={filters.language}
            onChange={(e) => set({ language: e.currentTarget.value })}
            data={[
              { value: '', label: t('knowledge.filter.anyLanguage') },
              ...LANGUAGES.map((l) => ({ value: l, label: languageLabel(t, l) })),
            ]}
          />
          <NativeSelect
            label={t('knowledge.filter.sort')}
            value={filters.sort}
            onChange={(e) => set({ sort: e.currentTarget.value as Filters['sort'] })}
            data={[
              { value: 'position', label: t('knowledge.sort.position') },
              { value: 'updated', label: t('knowledge.sort.updated') },
            ]}
          />
        </Group>
        {list.isError ? (
          <Text c="red" role="alert">
            {t('common.error', { message: list.error.message })}
          </Text>
        ) : list.isSuccess && items.length === 0 ? (
          <Text c="dimmed">{t('knowledge.empty')}</Text>
        ) : (
          <Table
            highlightOnHover
            verticalSpacing="xs"
            className="kb-table"
            aria-label={t('knowledge.articles')}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('knowledge.column.title')}</Table.Th>
                <Table.Th>{t('knowledge.column.category')}</Table.Th>
                <Table.Th>{t('knowledge.column.languages')}</Table.Th>
                <Table.Th>{t('knowledge.column.visibility')}</Table.Th>
                <Table.Th>{t('knowledge.column.updated')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((a) => (
                <ArticleRow
                  key={a.id}
                  article={a}
                  category={byId.get(a.category_id)}
                  language={i18n.language}
                />
              ))}
            </Table.Tbody>
          </Table>
        )}
        {list.hasNextPage && (
          <Button
            variant="subtle"
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
            className="kb-more"
          >
            {t('knowledge.loadMore')}
          </Button>
        )}
      </Stack>
    </div>
  );
}

function ArticleRow(props: {
  article: ArticleListItem;
  category: KnowledgeCategory | undefined;
  language: string;
}) {
  const { t } = useTranslation();
  const { article: a, language } = props;
  const shown = pickLanguage(versionsByLanguage(a.versions), language);
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to={`/knowledge/articles/${a.id}`} fw={600} size="sm">
          {shown?.value.title ?? a.slug}
        </Anchor>
        {shown && shown.language !== language && (
          <Text span size="xs" c="dimmed" ml={6}>
            ({languageName(t, shown.language)})
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{props.category ? categoryName(props.category, language) : ''}</Text>
      </Table.Td>
      <Table.Td>
        <LanguageBadges versions={a.versions} />
      </Table.Td>
      <Table.Td>
        <Badge variant="light" color={a.visibility === 'public' ? 'teal' : 'gray'} size="sm">
          {t(`knowledge.visibility.${a.visibility}`)}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text size="xs" c="dimmed">
          {formatMessageTime(a.updated_at, language)}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}
