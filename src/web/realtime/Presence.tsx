import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { realtime } from './client.ts';
import { useAnnounceViewing, useRealtimeVersion } from './hooks.ts';
import './realtime.css';

/**
 * "Ana is viewing", "Béla is replying": the other agents who have this
 * conversation open. Mounting it also tells them that this user is here.
 */
export function Presence({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  useAnnounceViewing(conversationId);
  useRealtimeVersion();
  const people = realtime.peopleIn(conversationId);
  return (
    <Group
      gap="md"
      wrap="nowrap"
      aria-live="polite"
      className="presence"
      data-testid="presence"
      px="lg"
      py={people.length ? 4 : 0}
    >
      {people.map((p) => (
        <Text
          key={p.user_id}
          size="xs"
          className={`presence-person ${p.state}`}
          title={p.name}
          truncate
        >
          <span className="presence-dot" aria-hidden="true" />
          {p.state === 'replying'
            ? t('presence.replying', { name: p.name })
            : t('presence.viewing', { name: p.name })}
        </Text>
      ))}
    </Group>
  );
}
