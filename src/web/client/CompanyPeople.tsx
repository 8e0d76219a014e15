import { Anchor, Button, Center, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { callApi, toQuery, type Page } from '../api.ts';
import { useErrorText } from './InlineInput.tsx';
import { isLive } from './queries.ts';
import type { Client } from './types.ts';

/** The people who belong to a company, newest first, each leading to their own page. */
export function CompanyPeople({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const people = useInfiniteQuery({
    queryKey: ['clients', 'people', companyId],
    queryFn: ({ pageParam, signal }) =>
      callApi<Page<Client>>(
        'GET',
        `/clients${toQuery({ company_id: companyId, limit: 10, cursor: pageParam })}`,
        undefined,
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled: isLive(companyId),
  });
  const items = people.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap={4}>
      {people.isError && (
        <Text size="xs" c="red" role="alert">
          {errorText(people.error)}
        </Text>
      )}
      {people.isSuccess && items.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('dossier.noPeople')}
        </Text>
      )}
      <ul className="plain-list" aria-label={t('dossier.people')}>
        {items.map((p) => (
          <li key={p.id}>
            <Anchor component={Link} to={`/clients/${p.id}`} size="sm">
              {p.name}
            </Anchor>
            {p.emails[0] && (
              <Text span size="xs" c="dimmed" ml={6}>
                {p.emails[0]}
              </Text>
            )}
          </li>
        ))}
      </ul>
      {people.hasNextPage && (
        <Center>
          <Button
            size="compact-xs"
            variant="subtle"
            loading={people.isFetchingNextPage}
            onClick={() => void people.fetchNextPage()}
          >
            {t('dossier.morePeople')}
          </Button>
        </Center>
      )}
    </Stack>
  );
}
