import { Button, CloseButton, Group, Select, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, callApi, type Conversation } from '../api.ts';
import { useActiveUsers, useTeams } from '../conversation/directory.ts';
import { STATUSES } from './filters.ts';

type BulkSet = Partial<{
  status: Conversation['status'];
  assignee_id: string | null;
  team_id: string | null;
  add_tags: string[];
  remove_tags: string[];
}>;

interface BulkResult {
  id: string;
  result: 'updated' | 'unchanged' | 'not_found' | 'conflict' | 'invalid';
  error?: { message: string };
}

const NOBODY = '__nobody__';
const TAG = /^[\p{L}\p{N}_\-:]+$/u;

/**
 * What to do with the selected conversations: assign (person or team), set the
 * status, add or remove a tag. The selection stays, so several changes can follow.
 */
export function BulkBar({ ids, onClear }: { ids: string[]; onClear: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const users = useActiveUsers();
  const teams = useTeams();
  const [tag, setTag] = useState('');
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  const apply = useMutation({
    mutationFn: (set: BulkSet) =>
      callApi<{ results: BulkResult[] }>('POST', '/conversations/bulk', {
        ids: ids.slice(0, 100),
        set,
      }),
    onSuccess: async ({ results }) => {
      const changed = results.filter((r) => r.result === 'updated').length;
      const failed = results.filter((r) => r.result !== 'updated' && r.result !== 'unchanged');
      setOutcome({
        ok: failed.length === 0,
        text: failed.length
          ? t('bulk.partly', { changed, failed: failed.length }) +
            ' ' +
            [...new Set(failed.map((f) => f.error?.message ?? f.result))].join('; ')
          : t('bulk.done', { count: changed }),
      });
      setTag('');
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['conversations'] }),
        queryClient.invalidateQueries({ queryKey: ['conversation'] }),
        queryClient.invalidateQueries({ queryKey: ['counts'] }),
      ]);
    },
    onError: (error) =>
      setOutcome({
        ok: false,
        text: t('common.error', {
          message:
            error instanceof ApiError && Object.keys(error.fields).length
              ? Object.values(error.fields).join('; ')
              : error.message,
        }),
      }),
  });

  const tagValid = TAG.test(tag.trim());
  const pick = {
    size: 'xs',
    style: { flex: '1 1 110px', minWidth: 0 },
    comboboxProps: { withinPortal: true },
  } as const;
  return (
    <div className="bulk-bar" role="region" aria-label={t('bulk.label')}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="sm" fw={600} aria-live="polite">
          {t('bulk.selected', { count: ids.length })}
        </Text>
        <CloseButton size="sm" aria-label={t('bulk.clear')} onClick={onClear} />
      </Group>
      <Group gap="xs" mt={6}>
        <Select
          {...pick}
          aria-label={t('bulk.assign')}
          placeholder={t('bulk.assign')}
          searchable
          value={null}
          data={[
            { value: NOBODY, label: t('bulk.nobody') },
            ...(users.data ?? []).map((u) => ({ value: u.id, label: u.name })),
          ]}
          onChange={(v) => v && apply.mutate({ assignee_id: v === NOBODY ? null : v })}
          disabled={apply.isPending}
        />
        <Select
          {...pick}
          aria-label={t('bulk.team')}
          placeholder={t('bulk.team')}
          value={null}
          data={[
            { value: NOBODY, label: t('bulk.noTeam') },
            ...(teams.data ?? []).map((team) => ({ value: team.id, label: team.name })),
          ]}
          onChange={(v) => v && apply.mutate({ team_id: v === NOBODY ? null : v })}
          disabled={apply.isPending}
        />
        <Select
          {...pick}
          aria-label={t('bulk.status')}
          placeholder={t('bulk.status')}
          value={null}
          data={STATUSES.filter((s) => s !== 'new').map((s) => ({
            value: s,
            label: t(`status.${s}`),
          }))}
          onChange={(v) => v && apply.mutate({ status: v as Conversation['status'] })}
          disabled={apply.isPending}
        />
      </Group>
      <Group gap="xs" mt={6} wrap="nowrap">
        <TextInput
          size="xs"
          aria-label={t('bulk.tag')}
          placeholder={t('bulk.tag')}
          value={tag}
          maxLength={50}
          onChange={(e) => setTag(e.currentTarget.value)}
          error={tag.trim() && !tagValid ? t('bulk.tagInvalid') : undefined}
          style={{ flex: 1 }}
        />
        <Button
          size="xs"
          variant="default"
          disabled={!tagValid || apply.isPending}
          onClick={() => apply.mutate({ add_tags: [tag.trim().toLowerCase()] })}
        >
          {t('bulk.addTag')}
        </Button>
        <Button
          size="xs"
          variant="default"
          disabled={!tagValid || apply.isPending}
          onClick={() => apply.mutate({ remove_tags: [tag.trim().toLowerCase()] })}
        >
          {t('bulk.removeTag')}
        </Button>
      </Group>
      {outcome && (
        <Text size="xs" mt={6} c={outcome.ok ? 'teal.8' : 'red.8'} role="status">
          {outcome.text}
        </Text>
      )}
    </div>
  );
}
