import { Group, NativeSelect, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { callApi, type Conversation, type ConversationStatus } from '../api.ts';
import { SlaBadge } from '../SlaBadge.tsx';
import { useInvalidateConversation } from './invalidate.ts';

const STATUSES: ConversationStatus[] = ['new', 'open', 'pending', 'on_hold', 'resolved', 'closed'];

export function Header({ conversation: c }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const invalidate = useInvalidateConversation(c.id);
  const setStatus = useMutation({
    mutationFn: (status: ConversationStatus) =>
      callApi<Conversation>('PATCH', `/conversations/${c.id}`, { status }),
    onSuccess: invalidate,
  });
  return (
    <Group
      px="lg"
      py="sm"
      justify="space-between"
      align="flex-end"
      wrap="nowrap"
      style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
    >
      <div style={{ minWidth: 0 }}>
        <Title order={2} size="h4" lineClamp={1}>
          {c.subject || t('inbox.noSubject')}
        </Title>
        <Group gap="xs" wrap="nowrap">
          <Text size="sm" fw={600}>
            {c.client.name}
          </Text>
          <Text size="sm" c="dimmed">
            #{c.number} · {t(`channel.${c.channel}`)} · {t('conversation.assignee')}:{' '}
            {c.assignee?.name ?? t('conversation.nobody')}
            {c.team ? ` · ${t('conversation.team')}: ${c.team.name}` : ''}
          </Text>
          <SlaBadge sla={c.sla} />
        </Group>
      </div>
      <NativeSelect
        label={t('conversation.status')}
        size="xs"
        w={160}
        value={setStatus.isPending ? setStatus.variables : c.status}
        disabled={!c.abilities.update || setStatus.isPending}
        data={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        onChange={(e) => setStatus.mutate(e.currentTarget.value as ConversationStatus)}
        error={
          setStatus.error ? t('common.error', { message: setStatus.error.message }) : undefined
        }
      />
    </Group>
  );
}
