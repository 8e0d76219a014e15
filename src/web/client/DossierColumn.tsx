import { ActionIcon, Center, Group, Loader, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Suspense, useDeferredValue, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi, type Conversation } from '../api.ts';
import { useAreMessagesLoading } from '../conversation/queries.ts';
import { lazyNamed } from '../lazy.ts';

// The dossier's code loads with the first conversation opened, not with the inbox.
const ClientDossier = lazyNamed(() => import('./ClientDossier.tsx'), 'ClientDossier');

const COLLAPSED_KEY = 'rapport.dossier.collapsed';

function readCollapsed() {
  try {
    return localStorage.getItem(COLLAPSED_KEY) === '1';
  } catch {
    return false;
  }
}

/**
 * The client dossier as the inbox's third column, beside the open conversation
 * (wide screens only, see app.css); the agent may fold it away, and it stays so.
 */
export function DossierColumn({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const [collapsed, setCollapsed] = useState(readCollapsed);
  // The same query the conversation pane runs: answered from its cache.
  const queryClient = useQueryClient();
  const conversation = useQuery({
    queryKey: ['conversation', conversationId],
    queryFn: ({ signal }) =>
      callApi<Conversation>('GET', `/conversations/${conversationId}`, undefined, signal),
  });
  const toggle = () => {
    const next = !collapsed;
    setCollapsed(next);
    try {
      localStorage.setItem(COLLAPSED_KEY, next ? '1' : '0');
    } catch {
      // Private mode: the choice lasts until the page is left.
    }
  };
  const clientId = conversation.data?.client.id;
  // The messages go first: the dossier's five lists would otherwise queue ahead of them.
  // And it renders in a pass of its own just after theirs, not in the one that shows them.
  const messagesLoading = useAreMessagesLoading(conversationId);
  const messagesShown = useDeferredValue(!messagesLoading, false);
  // A change made in the conversation (its status, say) shows in the dossier's list too.
  const updatedAt = conversation.data?.updated_at;
  const seen = useRef(updatedAt);
  useEffect(() => {
    if (!clientId || !updatedAt || seen.current === updatedAt) return;
    const first = seen.current === undefined;
    seen.current = updatedAt;
    if (!first)
      void queryClient.invalidateQueries({ queryKey: ['client-conversations', clientId] });
  }, [queryClient, clientId, updatedAt]);

  return (
    <aside
      className={`dossier-column${collapsed ? ' collapsed' : ''}`}
      aria-label={t('dossier.label')}
    >
      <Group
        justify={collapsed ? 'center' : 'space-between'}
        px="sm"
        py={6}
        wrap="nowrap"
        className="dossier-column-bar"
      >
        {!collapsed && (
          <Text size="xs" fw={700} c="dimmed" tt="uppercase">
            {t('dossier.label')}
          </Text>
        )}
        <ActionIcon
          variant="subtle"
          color="gray"
          onClick={toggle}
          aria-expanded={!collapsed}
          aria-label={collapsed ? t('dossier.show') : t('dossier.hide')}
          title={collapsed ? t('dossier.show') : t('dossier.hide')}
        >
          {collapsed ? '«' : '»'}
        </ActionIcon>
      </Group>
      {!collapsed && clientId && messagesShown && (
        <Suspense
          fallback={
            <Center p="lg">
              <Loader size="sm" role="status" aria-label={t('common.loading')} />
            </Center>
          }
        >
          <ClientDossier
            key={clientId}
            clientId={clientId}
            layout="column"
            currentConversationId={conversationId}
          />
        </Suspense>
      )}
    </aside>
  );
}
