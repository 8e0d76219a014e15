import { Anchor, Badge, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ClientConversations } from './ClientConversations.tsx';
import { ClientDetails } from './ClientDetails.tsx';
import { ClientNotes } from './ClientNotes.tsx';
import { ClientTimeline } from './ClientTimeline.tsx';
import { ClientCalls } from '../calls/ClientCalls.tsx';
import { ClientPromises } from '../promises/ClientPromises.tsx';
import { ClientDiscounts } from '../discounts/ClientDiscounts.tsx';
import { CompanyPeople } from './CompanyPeople.tsx';
import { Identities } from './Identities.tsx';
import { InlineInput, useErrorText } from './InlineInput.tsx';
import { MergeButton } from './MergeDialog.tsx';
import { NewConversationButton } from './NewConversationButton.tsx';
import { useClient, useUpdateClient } from './queries.ts';
import type { Client } from './types.ts';

/** The client's local time, or nothing when its time zone is unknown. */
function localTime(timeZone: string | null, locale: string): string | null {
  if (!timeZone) return null;
  try {
    return new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone }).format(new Date());
  } catch {
    return null;
  }
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="dossier-section">
      <Title order={3} size="h6" id={id} mb={6} tt="uppercase" c="dimmed">
        {title}
      </Title>
      {children}
    </section>
  );
}

function DossierHeader({ client, linkToPage }: { client: Client; linkToPage: boolean }) {
  const { t, i18n } = useTranslation();
  const time = localTime(client.time_zone, i18n.language);
  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="nowrap" align="center">
        <Title order={2} size="h4" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
          {linkToPage ? (
            <Anchor component={Link} to={`/clients/${client.id}`} inherit c="inherit">
              {client.name}
            </Anchor>
          ) : (
            client.name
          )}
        </Title>
        {client.is_vip && (
          <Badge color="yellow" variant="filled" size="sm">
            VIP
          </Badge>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        {t(`dossier.kind.${client.kind}`)}
        {client.company && (
          <>
            {' · '}
            <Anchor component={Link} to={`/clients/${client.company.id}`} size="xs">
              {client.company.name}
            </Anchor>
          </>
        )}
        {client.tier !== 'regular' && ` · ${t(`dossier.tier.${client.tier}`)}`}
        {time && ` · ${t('dossier.localTime', { time })}`}
      </Text>
      <Group gap="xs">
        {linkToPage && (
          <Anchor component={Link} to={`/clients/${client.id}`} size="xs">
            {t('dossier.openPage')}
          </Anchor>
        )}
        <NewConversationButton client={client} />
        <MergeButton client={client} />
      </Group>
    </Stack>
  );
}

function NameField({ client }: { client: Client }) {
  const { t } = useTranslation();
  const update = useUpdateClient(client.id);
  return (
    <InlineInput
      label={t('dossier.name')}
      value={client.name}
      disabled={!client.abilities.update}
      onSave={(name) => update.mutateAsync({ name })}
    />
  );
}

/**
 * The client dossier: who they are, how to reach them, notes, every conversation
 * and the timeline, all edited in place. "column" sits beside a conversation;
 * "page" is the client's own page, laid out in columns.
 */
export function ClientDossier({
  clientId,
  layout,
  currentConversationId,
}: {
  clientId: string;
  layout: 'column' | 'page';
  currentConversationId?: string;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const query = useClient(clientId);
  if (query.isPending)
    return (
      <Center p="lg">
        <Loader size="sm" role="status" aria-label={t('common.loading')} />
      </Center>
    );
  if (query.isError)
    return (
      <Text c="red" p="md" role="alert">
        {errorText(query.error)}
      </Text>
    );
  const client = query.data;

  const about = (
    <Section title={t('dossier.details')}>
      <Stack gap="xs">
        <NameField client={client} />
        <ClientDetails client={client} />
      </Stack>
    </Section>
  );
  const contact = (
    <Section title={t('dossier.identities')}>
      <Identities client={client} />
    </Section>
  );
  const people = client.kind === 'company' && (
    <Section title={t('dossier.people')}>
      <CompanyPeople companyId={client.id} />
    </Section>
  );
  const notes = (
    <Section title={t('dossier.notes')}>
      <ClientNotes clientId={client.id} canAdd={client.abilities.update} />
    </Section>
  );
  const conversations = (
    <Section title={t('dossier.conversations')}>
      <ClientConversations clientId={client.id} currentId={currentConversationId} />
    </Section>
  );
  const calls = (
    <Section title={t('calls.client.title')}>
      <ClientCalls
        client={client}
        conversationId={currentConversationId}
        limit={layout === 'page' ? 20 : 5}
      />
    </Section>
  );
  const promises = (
    <Section title={t('promises.client.title')}>
      <ClientPromises clientId={client.id} limit={layout === 'page' ? 20 : 5} />
    </Section>
  );
  // On the client's page only: beside a conversation the dossier keeps to what is open.
  const discounts = layout === 'page' && (
    <Section title={t('discounts.client.title')}>
      <ClientDiscounts clientId={client.id} />
    </Section>
  );
  const timeline = (
    <Section title={t('dossier.timeline')}>
      <ClientTimeline clientId={client.id} />
    </Section>
  );

  if (layout === 'column')
    return (
      <Stack gap="md" p="sm">
        <DossierHeader client={client} linkToPage />
        {contact}
        {people}
        {notes}
        {conversations}
        {promises}
        {calls}
        {about}
        {timeline}
      </Stack>
    );
  return (
    <Stack gap="md">
      <DossierHeader client={client} linkToPage={false} />
      <div className="client-page-grid">
        <Stack gap="lg">
          {contact}
          {people}
          {about}
        </Stack>
        <Stack gap="lg">
          {notes}
          {conversations}
          {promises}
          {discounts}
        </Stack>
        <Stack gap="lg">
          {calls}
          {timeline}
        </Stack>
      </div>
    </Stack>
  );
}
