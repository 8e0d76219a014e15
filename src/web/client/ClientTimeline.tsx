import { Anchor, Button, Center, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { callApi, toQuery, type Page } from '../api.ts';
import { describeEvent } from '../conversation/eventText.ts';
import { formatFullTime, formatMessageTime } from '../format.ts';
import { useErrorText } from './InlineInput.tsx';
import { isLive } from './queries.ts';
import { useWorkspaceTimeZone } from '../promises/clock.ts';
import type { ClientEvent } from './types.ts';

const FIELD_LABELS: Record<string, string> = {
  name: 'dossier.name',
  kind: 'dossier.kind',
  company_id: 'dossier.company',
  language: 'dossier.language',
  time_zone: 'dossier.timeZone',
  tier: 'dossier.tier',
  is_vip: 'dossier.vip',
  tags: 'dossier.tags',
  custom_fields: 'dossier.customFields',
};

type Data = Record<string, unknown>;
const obj = (v: unknown): Data => (v && typeof v === 'object' ? (v as Data) : {});
const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** One line saying what happened, in the agent's language. */
function describe(e: ClientEvent, t: TFunction, locale: string, timeZone?: string): string {
  const data = e.data;
  switch (e.type) {
    case 'client.created':
      return t('dossier.event.created');
    case 'client.updated': {
      const fields = Object.keys(obj(data.after)).map((k) =>
        FIELD_LABELS[k] ? t(FIELD_LABELS[k]) : k,
      );
      return t('dossier.event.updated', {
        fields: new Intl.ListFormat(locale, { type: 'conjunction' }).format(fields),
      });
    }
    case 'client.identity_added':
      return t('dossier.event.identityAdded', { value: str(obj(data.after).value) });
    case 'client.identity_removed':
      return t('dossier.event.identityRemoved', { value: str(obj(data.before).value) });
    case 'client.note_added':
      return t('dossier.event.noteAdded', { excerpt: str(data.excerpt) });
    case 'client.merged':
      // Both clients get the event; the duplicate's copy shows among the survivor's past.
      return e.client_id === data.source_id
        ? t('dossier.event.mergedAway')
        : t('dossier.event.merged', { count: Number(obj(data.moved).conversations ?? 0) });
    case 'client.deleted':
      return t('dossier.event.deleted');
    case 'conversation.created':
      return t('dossier.event.conversation', {
        subject: str(obj(data.after).subject) || t('inbox.noSubject'),
      });
    default:
      // Events of the client's conversations (callbacks, calls, escalations) read as in the conversation.
      return (
        describeEvent(
          {
            id: e.id,
            type: e.type,
            actor: { kind: e.actor_kind, id: e.actor_user_id, name: e.actor_name },
            data,
            created_at: e.created_at,
          },
          t,
          locale,
          NO_NAMES,
          timeZone,
        ) ?? t('dossier.event.other', { type: e.type })
      );
  }
}

const NO_NAMES = { users: new Map<string, string>(), teams: new Map<string, string>() };

/** Everything that happened to the client (and the duplicates merged into it), newest first. */
export function ClientTimeline({ clientId }: { clientId: string }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const timeline = useInfiniteQuery({
    queryKey: ['client-timeline', clientId],
    queryFn: ({ pageParam, signal }) =>
      callApi<Page<ClientEvent>>(
        'GET',
        `/clients/${clientId}/timeline${toQuery({ limit: 15, cursor: pageParam })}`,
        undefined,
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled: isLive(clientId),
  });
  const items = timeline.data?.pages.flatMap((p) => p.items) ?? [];
  // Promise lines give due times in the workspace's zone: asked for only when there are any.
  const timeZone = useWorkspaceTimeZone(items.some((e) => e.type.startsWith('promise.')));

  return (
    <Stack gap={4}>
      {timeline.isError && (
        <Text size="xs" c="red" role="alert">
          {errorText(timeline.error)}
        </Text>
      )}
      <ol className="plain-list dossier-timeline" aria-label={t('dossier.timeline')}>
        {items.map((e) => (
          <li key={e.id}>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {e.type === 'conversation.created' && e.conversation_id ? (
                <Anchor component={Link} to={`/inbox/all/${e.conversation_id}`} size="sm">
                  {describe(e, t, i18n.language, timeZone)}
                </Anchor>
              ) : (
                describe(e, t, i18n.language, timeZone)
              )}
            </Text>
            <Text size="xs" c="dimmed">
              {e.actor_name ??
                (e.actor_kind === 'client' ? t('dossier.byClient') : t('dossier.system'))}{' '}
              ·{' '}
              <time dateTime={e.created_at} title={formatFullTime(e.created_at, i18n.language)}>
                {formatMessageTime(e.created_at, i18n.language)}
              </time>
            </Text>
          </li>
        ))}
      </ol>
      {timeline.hasNextPage && (
        <Center>
          <Button
            size="compact-xs"
            variant="subtle"
            loading={timeline.isFetchingNextPage}
            onClick={() => void timeline.fetchNextPage()}
          >
            {t('dossier.moreEvents')}
          </Button>
        </Center>
      )}
    </Stack>
  );
}
