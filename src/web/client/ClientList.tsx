import {
  Anchor,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { callApi, toQuery, type Page } from '../api.ts';
import { LANGUAGE_NAMES, isAppLanguage } from '../i18n/index.ts';
import { useErrorText } from './InlineInput.tsx';
import { NewClientButton } from './NewClientForm.tsx';
import type { Client } from './types.ts';

const PAGE_SIZE = 25;

/**
 * The clients of the workspace: newest first a page at a time, or, while the
 * agent types, the best matches by name, email or phone (typos forgiven).
 */
export function ClientList() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(search.trim(), 250);
  const list = useInfiniteQuery({
    queryKey: ['clients', 'list', q],
    queryFn: ({ pageParam, signal }) =>
      callApi<Page<Client>>(
        'GET',
        `/clients${toQuery({ q, limit: PAGE_SIZE, cursor: pageParam })}`,
        undefined,
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="client-list-page">
      <Group justify="space-between" mb="md">
        <Title order={2} size="h3">
          {t('client.title')}
        </Title>
        <NewClientButton />
      </Group>
      <TextInput
        type="search"
        label={t('client.search')}
        placeholder={t('client.searchHint')}
        value={search}
        maw={480}
        mb="md"
        rightSection={list.isFetching ? <Loader size={14} /> : undefined}
        onChange={(e) => {
          const value = e.currentTarget.value;
          setSearch(value);
          setParams(value.trim() ? { q: value.trim() } : {}, { replace: true });
        }}
      />
      {list.isError && (
        <Text c="red" role="alert">
          {errorText(list.error)}
        </Text>
      )}
      {list.isPending && (
        <Center p="xl">
          <Loader size="sm" role="status" aria-label={t('common.loading')} />
        </Center>
      )}
      {list.isSuccess && items.length === 0 && (
        <Text c="dimmed">{q ? t('client.nothingFound', { q }) : t('client.empty')}</Text>
      )}
      {items.length > 0 && (
        <Table striped highlightOnHover verticalSpacing={6} aria-label={t('client.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('dossier.name')}</Table.Th>
              <Table.Th>{t('dossier.company')}</Table.Th>
              <Table.Th>{t('dossier.identities')}</Table.Th>
              <Table.Th>{t('dossier.language')}</Table.Th>
              <Table.Th>{t('dossier.tags')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Anchor component={Link} to={`/clients/${c.id}`} fw={600} size="sm">
                      {c.name}
                    </Anchor>
                    {c.is_vip && (
                      <Badge size="xs" color="yellow" variant="filled">
                        VIP
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {t(`dossier.kind.${c.kind}`)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{c.company?.name ?? ''}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
                    {[...c.emails, ...c.phones].join(', ')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {c.language && isAppLanguage(c.language) ? LANGUAGE_NAMES[c.language] : ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {c.tags.map((tag) => (
                      <Badge key={tag} size="xs" variant="light" color="gray">
                        {tag}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {list.hasNextPage && (
        <Center p="sm">
          <Button
            variant="subtle"
            loading={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            {t('client.loadMore')}
          </Button>
        </Center>
      )}
      {items.length > 0 && (
        <Text size="xs" c="dimmed" ta="center" py="sm">
          {q
            ? t('client.matches', { count: items.length })
            : t('client.shown', { count: items.length })}
        </Text>
      )}
    </div>
  );
}
