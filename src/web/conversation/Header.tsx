import {
  Anchor,
  Button,
  Group,
  NativeSelect,
  Select,
  TagsInput,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { callApi, type Conversation, type ConversationStatus, type Priority } from '../api.ts';
import { useSession } from '../session.ts';
import { SlaBadge } from '../SlaBadge.tsx';
import { CallbackDialog } from './CallbackDialog.tsx';
import { LogCallDialog } from '../calls/LogCallDialog.tsx';
import { useActiveUsers, useTagSuggestions, useTeams } from './directory.ts';
import { EscalateDialog } from './EscalateDialog.tsx';
import { useInvalidateConversation } from './invalidate.ts';
import {
  coachContextQuery,
  coachEngineQuery,
  lastClientQuestions,
  type ClientQuestion,
} from './coach.ts';
import { messagesQuery, useAreMessagesLoading } from './queries.ts';
import { QuestionsDialog } from './QuestionsDialog.tsx';

const STATUSES: ConversationStatus[] = ['new', 'open', 'pending', 'on_hold', 'resolved', 'closed'];
const PRIORITIES: Priority[] = ['low', 'normal', 'high', 'urgent'];

type Patch = Partial<{
  status: ConversationStatus;
  priority: Priority;
  assignee_id: string | null;
  team_id: string | null;
  add_tags: string[];
  remove_tags: string[];
}>;

/** The text the agent has selected inside the timeline, to pass on as an excerpt. */
function selectedTimelineText(): string {
  const selection = window.getSelection();
  const text = selection?.toString().trim() ?? '';
  const node = selection?.anchorNode;
  const element = node instanceof Element ? node : node?.parentElement;
  return text && element?.closest('.timeline') ? text.slice(0, 5000) : '';
}

/** The conversation's title line and its controls: status, priority, assignee, team, tags, actions. */
export function Header({ conversation: c }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const me = useSession().data?.user;
  const invalidate = useInvalidateConversation(c.id);
  const queryClient = useQueryClient();
  const users = useActiveUsers();
  const teams = useTeams();
  // What only a later click needs loads after the messages.
  const messagesLoading = useAreMessagesLoading(c.id);
  const tagSuggestions = useTagSuggestions(!messagesLoading);
  const [dialog, setDialog] = useState<
    | { kind: 'escalate'; excerpt: string }
    | { kind: 'callback' }
    | { kind: 'call' }
    | { kind: 'questions'; questions: ClientQuestion[] }
    | null
  >(null);
  const coachContext = useQuery({ ...coachContextQuery(c.id), enabled: !messagesLoading });

  const update = useMutation({
    mutationFn: (patch: Patch) => callApi<Conversation>('PATCH', `/conversations/${c.id}`, patch),
    onSuccess: async (_saved, patch) => {
      await invalidate();
      // A new tag is one to suggest from now on.
      if (patch.add_tags) await queryClient.invalidateQueries({ queryKey: ['tag-suggestions'] });
    },
  });
  const pending = update.isPending ? update.variables : undefined;
  const canUpdate = c.abilities.update && !update.isPending;
  const canAssign = c.abilities.assign && !update.isPending;
  const finished = c.status === 'resolved' || c.status === 'closed';

  // Before resolving, the agent confirms each question of the client's last messages was answered.
  const resolve = async () => {
    // The newest page as the timeline holds it (asked for now when it shows a linked message's page).
    const [messages, engine] = await Promise.all([
      queryClient.infiniteQuery({ ...messagesQuery(c.id), staleTime: 'static' }),
      queryClient.fetchQuery(coachEngineQuery),
    ]);
    const newestFirst = messages.pages[0]?.items ?? [];
    const questions = lastClientQuestions(engine, newestFirst, coachContext.data?.language);
    if (questions.length) setDialog({ kind: 'questions', questions });
    else update.mutate({ status: 'resolved' });
  };

  const userOptions = (users.data ?? []).map((u) => ({ value: u.id, label: u.name }));
  // The current assignee stays selectable even if they are no longer active.
  if (c.assignee && !userOptions.some((o) => o.value === c.assignee!.id))
    userOptions.unshift({ value: c.assignee.id, label: c.assignee.name });
  const teamOptions = (teams.data ?? []).map((team) => ({ value: team.id, label: team.name }));
  if (c.team && !teamOptions.some((o) => o.value === c.team!.id))
    teamOptions.unshift({ value: c.team.id, label: c.team.name });

  const changeTags = (next: string[]) => {
    const clean = next.map((tag) => tag.trim().toLowerCase()).filter(Boolean);
    const add = clean.filter((tag) => !c.tags.includes(tag));
    const remove = c.tags.filter((tag) => !clean.includes(tag));
    if (add.length || remove.length)
      update.mutate({
        ...(add.length ? { add_tags: add } : {}),
        ...(remove.length ? { remove_tags: remove } : {}),
      });
  };

  return (
    <header className="conversation-header">
      <Group className="conversation-title-row" justify="space-between" align="flex-start" gap="sm">
        {/* The title keeps room to be read; the actions move below it when the pane is narrow. */}
        <div style={{ minWidth: 0, flex: '1 1 14rem' }}>
          <Title order={2} size="h4" lineClamp={1}>
            {c.subject || t('inbox.noSubject')}
          </Title>
          <Group gap="xs" wrap="nowrap">
            <Anchor component={Link} to={`/clients/${c.client.id}`} size="sm" fw={600} truncate>
              {c.client.name}
            </Anchor>
            <Text size="sm" c="dimmed" truncate>
              #{c.number} · {t(`channel.${c.channel}`)}
            </Text>
            <SlaBadge sla={c.sla} />
          </Group>
        </div>
        <Group gap={6}>
          <Button
            size="xs"
            variant="default"
            disabled={!c.abilities.update || c.status === 'closed'}
            onClick={() => setDialog({ kind: 'escalate', excerpt: selectedTimelineText() })}
          >
            {t('controls.escalate')}
          </Button>
          <Button
            size="xs"
            variant="default"
            disabled={!c.abilities.update}
            onClick={() => setDialog({ kind: 'callback' })}
          >
            {t('controls.offerCallback')}
          </Button>
          <Button size="xs" variant="default" onClick={() => setDialog({ kind: 'call' })}>
            {t('calls.logCall')}
          </Button>
          <Button
            size="xs"
            data-shortcut="resolve"
            disabled={!canUpdate || finished}
            loading={pending?.status === 'resolved'}
            onClick={() => void resolve()}
          >
            {t('controls.resolve')}
          </Button>
        </Group>
      </Group>

      {/* Compact, as in every help desk: the values say what they are; each control is
          labelled for assistive technology and titled for the mouse. */}
      <div className="conversation-controls" role="group" aria-label={t('controls.label')}>
        <NativeSelect
          aria-label={t('conversation.status')}
          title={t('conversation.status')}
          size="xs"
          w={112}
          value={pending?.status ?? c.status}
          disabled={!canUpdate}
          data={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          onChange={(e) => {
            const status = e.currentTarget.value as ConversationStatus;
            if (status === 'resolved') void resolve();
            else update.mutate({ status });
          }}
        />
        <NativeSelect
          aria-label={t('controls.priority')}
          title={t('controls.priority')}
          size="xs"
          w={100}
          value={pending?.priority ?? c.priority}
          disabled={!canUpdate}
          data={PRIORITIES.map((p) => ({ value: p, label: t(`controls.priority.${p}`) }))}
          onChange={(e) => update.mutate({ priority: e.currentTarget.value as Priority })}
        />
        <div className="assignee-control">
          <Select
            aria-label={t('conversation.assignee')}
            title={t('conversation.assignee')}
            size="xs"
            w={150}
            searchable
            clearable
            placeholder={t('controls.unassigned')}
            nothingFoundMessage={t('controls.nobodyFound')}
            data={userOptions}
            value={
              pending && 'assignee_id' in pending ? pending.assignee_id : (c.assignee?.id ?? null)
            }
            disabled={!canAssign}
            data-shortcut="assign"
            onChange={(value) => {
              if (value !== (c.assignee?.id ?? null)) update.mutate({ assignee_id: value });
            }}
          />
          {me && c.assignee?.id !== me.id && canAssign && (
            <UnstyledButton
              className="link-button"
              onClick={() => update.mutate({ assignee_id: me.id })}
            >
              {t('controls.assignToMe')}
            </UnstyledButton>
          )}
        </div>
        <Select
          aria-label={t('conversation.team')}
          title={t('conversation.team')}
          size="xs"
          w={130}
          searchable
          clearable
          placeholder={t('controls.noTeam')}
          data={teamOptions}
          value={pending && 'team_id' in pending ? pending.team_id : (c.team?.id ?? null)}
          disabled={!canUpdate}
          onChange={(value) => {
            if (value !== (c.team?.id ?? null)) update.mutate({ team_id: value });
          }}
        />
        <TagsInput
          aria-label={t('controls.tags')}
          size="xs"
          style={{ flex: '1 1 160px', minWidth: 150 }}
          placeholder={t('controls.addTag')}
          data={tagSuggestions.data ?? []}
          value={c.tags}
          maxTags={30}
          clearable={false}
          disabled={!canUpdate}
          onChange={changeTags}
          acceptValueOnBlur={false}
        />
      </div>
      {update.error && (
        <Text size="xs" c="red" role="alert" mt={4}>
          {t('controls.saveFailed', { message: update.error.message })}
        </Text>
      )}

      {dialog?.kind === 'escalate' && (
        <EscalateDialog
          conversation={c}
          initialExcerpt={dialog.excerpt}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'callback' && (
        <CallbackDialog conversation={c} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'questions' && (
        <QuestionsDialog
          questions={dialog.questions}
          resolving={update.isPending}
          onResolve={() =>
            update.mutate({ status: 'resolved' }, { onSuccess: () => setDialog(null) })
          }
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'call' && (
        <LogCallDialog client={c.client} conversationId={c.id} onClose={() => setDialog(null)} />
      )}
    </header>
  );
}
