import { Button, Center, Stack, Text, Textarea } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi, toQuery, type Page } from '../api.ts';
import { formatFullTime, formatMessageTime } from '../format.ts';
import { useErrorText } from './InlineInput.tsx';
import { isLive } from './queries.ts';
import type { ClientNote } from './types.ts';

/** The dossier's notes, newest first, and a box to add one. */
export function ClientNotes({ clientId, canAdd }: { clientId: string; canAdd: boolean }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [body, setBody] = useState('');
  const notes = useInfiniteQuery({
    queryKey: ['client-notes', clientId],
    queryFn: ({ pageParam, signal }) =>
      callApi<Page<ClientNote>>(
        'GET',
        `/clients/${clientId}/notes${toQuery({ limit: 10, cursor: pageParam })}`,
        undefined,
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled: isLive(clientId),
  });
  const add = useMutation({
    mutationFn: (text: string) =>
      callApi<ClientNote>('POST', `/clients/${clientId}/notes`, { body: text }),
    onSuccess: () => {
      setBody('');
      void queryClient.invalidateQueries({ queryKey: ['client-notes', clientId] });
      void queryClient.invalidateQueries({ queryKey: ['client-timeline', clientId] });
    },
  });
  const items = notes.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap={6}>
      {canAdd && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (body.trim()) add.mutate(body.trim());
          }}
        >
          <Textarea
            size="xs"
            label={t('dossier.newNote')}
            autosize
            minRows={2}
            maxRows={6}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                if (body.trim()) add.mutate(body.trim());
              }
            }}
            error={errorText(add.error)}
          />
          <Button
            mt={6}
            size="xs"
            variant="light"
            type="submit"
            loading={add.isPending}
            disabled={!body.trim()}
          >
            {t('dossier.addNote')}
          </Button>
        </form>
      )}
      {notes.isError && (
        <Text size="xs" c="red" role="alert">
          {errorText(notes.error)}
        </Text>
      )}
      {notes.isSuccess && items.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('dossier.noNotes')}
        </Text>
      )}
      <ul className="plain-list" aria-label={t('dossier.notes')}>
        {items.map((n) => (
          <li key={n.id} className="dossier-note">
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {n.body}
            </Text>
            <Text size="xs" c="dimmed">
              {n.author?.name ?? t('dossier.system')} ·{' '}
              <time dateTime={n.created_at} title={formatFullTime(n.created_at, i18n.language)}>
                {formatMessageTime(n.created_at, i18n.language)}
              </time>
            </Text>
          </li>
        ))}
      </ul>
      {notes.hasNextPage && (
        <Center>
          <Button
            size="compact-xs"
            variant="subtle"
            loading={notes.isFetchingNextPage}
            onClick={() => void notes.fetchNextPage()}
          >
            {t('dossier.moreNotes')}
          </Button>
        </Center>
      )}
    </Stack>
  );
}
