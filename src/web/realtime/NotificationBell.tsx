import {
  ActionIcon,
  Button,
  Group,
  Indicator,
  Loader,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { z } from 'zod';
import type { Notification as NotificationSchema } from '../../shared/api/notifications.ts';
import { callApi, type Page } from '../api.ts';
import { formatMessageTime, formatNumber } from '../format.ts';
import { describeCallbackNotification } from '../calls/callText.ts';
import { describeDiscountNotification } from '../discounts/discountText.ts';
import { useWorkspaceTimeZone } from '../promises/clock.ts';
import { describePromiseNotification } from '../promises/promiseText.ts';
import './realtime.css';

type Notification = z.infer<typeof NotificationSchema>;

const UNREAD_KEY = ['notifications', 'unread-count'] as const;
const LIST_KEY = ['notifications', 'list'] as const;

/** The bell in the header: unread count, and the latest notifications in a popover. */
export function NotificationBell() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const unread = useQuery({
    queryKey: UNREAD_KEY,
    queryFn: () => callApi<{ unread: number }>('GET', '/notifications/unread-count'),
    // The socket says when to refetch; this only covers a lost link.
    refetchInterval: 120_000,
  });
  const list = useQuery({
    queryKey: LIST_KEY,
    queryFn: () => callApi<Page<Notification>>('GET', '/notifications?limit=20'),
    enabled: opened,
  });
  // Promise due times read in the workspace's zone: asked for only when the list shows one.
  const timeZone = useWorkspaceTimeZone(
    Boolean(list.data?.items.some((n) => n.kind.startsWith('promise.'))),
  );
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['notifications'] });
  const markRead = useMutation({
    mutationFn: (id: string) => callApi<Notification>('POST', `/notifications/${id}/read`),
    onSuccess: refresh,
  });
  const markAll = useMutation({
    mutationFn: () => callApi<{ marked_read: number }>('POST', '/notifications/read-all'),
    onSuccess: refresh,
  });

  const count = unread.data?.unread ?? 0;
  const open = (n: Notification) => {
    if (!n.read_at) markRead.mutate(n.id);
    setOpened(false);
    if (n.conversation_id) void navigate(`/inbox/all/${n.conversation_id}`);
    else if (n.kind.startsWith('callback.')) void navigate('/callbacks');
  };

  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-end"
      width={360}
      shadow="md"
      trapFocus
      returnFocus
      // The bell button carries aria-expanded and aria-haspopup itself; the
      // Indicator around it is a plain div, which may not.
      withRoles={false}
    >
      <Popover.Target>
        <Indicator
          label={formatNumber(count, i18n.language)}
          size={16}
          color="red"
          disabled={count === 0}
          offset={4}
        >
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={t('notifications.bell', { count })}
            aria-expanded={opened}
            aria-haspopup="dialog"
            data-testid="notification-bell"
            data-unread={count}
            onClick={() => setOpened((o) => !o)}
          >
            <BellIcon />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0} role="dialog" aria-label={t('notifications.title')}>
        <Group justify="space-between" px="sm" py={8} className="notifications-head">
          <Text fw={600} size="sm">
            {t('notifications.title')}
          </Text>
          <Button
            size="compact-xs"
            variant="subtle"
            disabled={count === 0}
            loading={markAll.isPending}
            onClick={() => markAll.mutate()}
          >
            {t('notifications.markAllRead')}
          </Button>
        </Group>
        <ScrollArea.Autosize mah={380}>
          {list.isPending ? (
            <Group justify="center" p="md">
              <Loader size="sm" role="status" aria-label={t('common.loading')} />
            </Group>
          ) : list.isError ? (
            <Text c="red" size="sm" p="sm" role="alert">
              {t('common.error', { message: list.error.message })}
            </Text>
          ) : list.data.items.length === 0 ? (
            <Text c="dimmed" size="sm" p="md" ta="center">
              {t('notifications.empty')}
            </Text>
          ) : (
            <Stack gap={0} component="ul" className="notifications-list">
              {list.data.items.map((n) => (
                <li key={n.id}>
                  <UnstyledButton
                    className={`notification-item ${n.read_at ? '' : 'unread'}`}
                    onClick={() => open(n)}
                  >
                    <Text size="sm" fw={n.read_at ? 400 : 600} lineClamp={2}>
                      {describe(n, t, i18n.language, timeZone)}
                    </Text>
                    <Group gap={6} justify="space-between" wrap="nowrap">
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {typeof n.data.subject === 'string' ? n.data.subject : ''}
                      </Text>
                      <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                        <time dateTime={n.created_at}>
                          {formatMessageTime(n.created_at, i18n.language)}
                        </time>
                      </Text>
                    </Group>
                    {!n.read_at && (
                      <span className="realtime-hidden">{t('notifications.unread')}</span>
                    )}
                  </UnstyledButton>
                </li>
              ))}
            </Stack>
          )}
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}

/** One line saying what happened, in the user's language. */
function describe(
  n: Notification,
  t: (key: string, values?: Record<string, unknown>) => string,
  language: string,
  timeZone: string | undefined,
) {
  const number = typeof n.data.number === 'number' ? n.data.number : '';
  const target = typeof n.data.kind === 'string' ? n.data.kind : '';
  const targetName = ['first_response', 'next_response', 'resolution'].includes(target)
    ? t(`notifications.target.${target}`)
    : '';
  switch (n.kind) {
    case 'sla.warning':
      return t('notifications.kind.slaWarning', { number, target: targetName });
    case 'sla.breached':
      return t('notifications.kind.slaBreached', { number, target: targetName });
    case 'escalation.received':
      return t('notifications.kind.escalation', { number });
    case 'callback.assigned':
      return t('notifications.kind.callback', {
        phone: typeof n.data.phone === 'string' ? n.data.phone : '',
      });
    case 'callback.due':
    case 'callback.overdue':
      return describeCallbackNotification(n.kind, n.data, t) ?? '';
    case 'promise.reminder':
    case 'promise.broken':
      return describePromiseNotification(n.kind, n.data, t, language, timeZone) ?? '';
    case 'discount.requested':
    case 'discount.approved':
    case 'discount.denied':
      return describeDiscountNotification(n.kind, n.data, t, language) ?? '';
    default:
      return t('notifications.kind.other', { kind: n.kind });
  }
}

function BellIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" fill="none" aria-hidden="true">
      <path
        d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9Zm4.3 13a1.94 1.94 0 0 0 3.4 0"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
