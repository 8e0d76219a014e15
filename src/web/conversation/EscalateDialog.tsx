import {
  Group,
  Modal,
  NativeSelect,
  Radio,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PERSON_ESCALATION_CATEGORIES } from '../../shared/api/constants.ts';
import { ApiError, callApi, type Conversation, type Escalation } from '../api.ts';
import { useSession } from '../session.ts';
import { useActiveUsers, useTeams } from './directory.ts';
import { useInvalidateConversation } from './invalidate.ts';
import { DialogFooter } from '../DialogFooter.tsx';

type Method = 'handoff' | 'call' | 'email';
const CATEGORIES = PERSON_ESCALATION_CATEGORIES;

/**
 * Escalating: to whom (a person or a team), what (the whole conversation or an
 * excerpt), how (hand-off, call, email), why (a reason the reports count, and
 * the agent's own words) and a note for the one taking over.
 */
export function EscalateDialog({
  conversation: c,
  initialExcerpt,
  onClose,
}: {
  conversation: Conversation;
  initialExcerpt: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const me = useSession().data?.user;
  const users = useActiveUsers();
  const teams = useTeams();
  const queryClient = useQueryClient();
  const invalidate = useInvalidateConversation(c.id);
  const [target, setTarget] = useState<'user' | 'team'>('team');
  const [userId, setUserId] = useState<string | null>(null);
  const [teamId, setTeamId] = useState<string | null>(null);
  const [scope, setScope] = useState<'conversation' | 'excerpt'>(
    initialExcerpt ? 'excerpt' : 'conversation',
  );
  const [excerpt, setExcerpt] = useState(initialExcerpt);
  const [method, setMethod] = useState<Method>('handoff');
  const [category, setCategory] = useState('');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState<Record<string, string>>({});

  const escalate = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      callApi<Escalation>('POST', `/conversations/${c.id}/escalations`, body),
    onSuccess: async () => {
      await Promise.all([
        invalidate(),
        queryClient.invalidateQueries({ queryKey: ['escalations', c.id] }),
      ]);
      onClose();
    },
  });
  const serverFields = escalate.error instanceof ApiError ? escalate.error.fields : {};
  const fieldError = (field: string) => missing[field] ?? serverFields[field];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (target === 'user' && !userId) problems.to_user_id = t('escalate.required');
    if (target === 'team' && !teamId) problems.to_team_id = t('escalate.required');
    if (scope === 'excerpt' && !excerpt.trim()) problems.excerpt = t('escalate.excerptRequired');
    if (!category) problems.category = t('escalate.categoryRequired');
    setMissing(problems);
    if (Object.keys(problems).length) return;
    escalate.mutate({
      ...(target === 'user' ? { to_user_id: userId } : { to_team_id: teamId }),
      scope,
      ...(scope === 'excerpt' ? { excerpt: excerpt.trim() } : {}),
      method,
      category,
      reason: reason.trim(),
      note: note.trim(),
    });
  };

  const people = (users.data ?? [])
    .filter((u) => u.id !== me?.id)
    .map((u) => ({ value: u.id, label: u.name }));

  return (
    <Modal opened onClose={onClose} title={t('escalate.title', { number: c.number })} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <div>
            <Text size="sm" fw={500} id="escalate-to" mb={4}>
              {t('escalate.to')}
            </Text>
            <SegmentedControl
              aria-labelledby="escalate-to"
              size="xs"
              value={target}
              onChange={(v) => setTarget(v as 'user' | 'team')}
              data={[
                { value: 'team', label: t('escalate.toTeam') },
                { value: 'user', label: t('escalate.toPerson') },
              ]}
            />
          </div>
          {target === 'user' ? (
            <Select
              label={t('escalate.person')}
              placeholder={t('escalate.pickPerson')}
              searchable
              data={people}
              value={userId}
              onChange={setUserId}
              error={fieldError('to_user_id')}
              data-autofocus
            />
          ) : (
            <NativeSelect
              label={t('escalate.team')}
              data={[
                { value: '', label: t('escalate.pickTeam') },
                ...(teams.data ?? []).map((team) => ({
                  value: team.id,
                  label: team.supervisor
                    ? t('escalate.teamWithSupervisor', {
                        team: team.name,
                        supervisor: team.supervisor.name,
                      })
                    : team.name,
                })),
              ]}
              value={teamId ?? ''}
              onChange={(e) => setTeamId(e.currentTarget.value || null)}
              error={fieldError('to_team_id')}
              data-autofocus
            />
          )}

          <Radio.Group
            label={t('escalate.what')}
            value={scope}
            onChange={(v) => setScope(v as 'conversation' | 'excerpt')}
          >
            <Group gap="lg" mt={4}>
              <Radio value="conversation" label={t('escalate.whole')} />
              <Radio value="excerpt" label={t('escalate.excerpt')} />
            </Group>
          </Radio.Group>
          {scope === 'excerpt' && (
            <Textarea
              label={t('escalate.excerptLabel')}
              description={t('escalate.excerptHint')}
              autosize
              minRows={2}
              maxRows={6}
              maxLength={5000}
              value={excerpt}
              onChange={(e) => setExcerpt(e.currentTarget.value)}
              error={fieldError('excerpt')}
            />
          )}

          <Radio.Group
            label={t('escalate.how')}
            value={method}
            onChange={(v) => setMethod(v as Method)}
          >
            <Group gap="lg" mt={4}>
              {(['handoff', 'call', 'email'] as const).map((m) => (
                <Radio key={m} value={m} label={t(`escalate.method.${m}`)} />
              ))}
            </Group>
          </Radio.Group>

          <NativeSelect
            label={t('escalate.category')}
            required
            data={[
              { value: '', label: t('escalate.pickCategory'), disabled: true },
              ...CATEGORIES.map((c) => ({ value: c, label: t(`escalate.category.${c}`) })),
            ]}
            value={category}
            onChange={(e) => {
              setCategory(e.currentTarget.value);
              setMissing(({ category: _, ...rest }) => rest);
            }}
            error={fieldError('category')}
          />
          <TextInput
            label={t('escalate.reason')}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={fieldError('reason')}
          />
          <Textarea
            label={t('escalate.note')}
            placeholder={t('escalate.notePlaceholder')}
            autosize
            minRows={3}
            maxRows={8}
            maxLength={2000}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={fieldError('note')}
          />
          <DialogFooter
            error={escalate.error}
            onCancel={onClose}
            cancelLabel={t('escalate.cancel')}
            submitLabel={t('escalate.submit')}
            loading={escalate.isPending}
          />
        </Stack>
      </form>
    </Modal>
  );
}
