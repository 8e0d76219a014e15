import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  NativeSelect,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { SmsProvider as SmsProviderSchema } from '../../shared/api/sms-providers.ts';
import { useSession } from '../session.ts';
import type { Team } from './types.ts';
import {
  AdminForm,
  AdminTable,
  EditorModal,
  fieldError,
  RowActions,
  ScreenHeader,
  useAdminCollection,
  useAdminList,
  useEditor,
  useSaveItem,
} from './ui.tsx';

type SmsProvider = z.infer<typeof SmsProviderSchema>;
type WithSecret = SmsProvider & { webhook_secret?: string };

const FIELDS = [
  'name',
  'phone_number',
  'send_url',
  'auth_header_name',
  'auth_header_value',
  'webhook_secret',
  'default_team_id',
  'is_active',
];

/** SMS providers: the gateway, its number, how Rapport authenticates, the webhooks to set up there. */
export function SmsProvidersAdmin() {
  const { t } = useTranslation();
  // The server gives the whole list (a workspace has a few gateways).
  const {
    list: providers,
    changed: refresh,
    remove,
  } = useAdminCollection<SmsProvider>({ key: 'sms-providers', path: '/sms-providers' });
  const editor = useEditor<SmsProvider>();
  // A signing secret is shown once, right after it was made.
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);
  const changed = (saved?: WithSecret) => {
    if (saved?.webhook_secret) setSecret({ name: saved.name, value: saved.webhook_secret });
    refresh();
  };
  const canCreate = useSession().data?.user.role === 'admin';
  return (
    <Stack>
      <ScreenHeader title={t('sms.admin.title')} />
      <Text c="dimmed" size="sm">
        {t('sms.admin.intro')}
      </Text>
      {secret && (
        <Alert
          color="yellow"
          title={t('sms.admin.secretTitle', { name: secret.name })}
          withCloseButton
          onClose={() => setSecret(null)}
        >
          <Stack gap="xs">
            <Text size="sm">{t('sms.admin.secretOnce')}</Text>
            <Group gap="xs">
              <Code>{secret.value}</Code>
              <CopyButton value={secret.value}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="default" onClick={copy}>
                    {copied ? t('sms.admin.copied') : t('sms.admin.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Stack>
        </Alert>
      )}
      <AdminTable
        query={providers}
        label={t('sms.admin.title')}
        empty={t('sms.admin.none')}
        minWidth={640}
        rowKey={(p) => p.id}
        columns={[
          {
            header: t('sms.admin.name'),
            cell: (p) => (
              <Stack gap={2}>
                <Text fw={500}>{p.name}</Text>
                <Badge color={p.is_active ? 'green' : 'gray'} variant="light">
                  {p.is_active ? t('sms.admin.active') : t('sms.admin.inactive')}
                </Badge>
              </Stack>
            ),
          },
          { header: t('sms.admin.phoneNumber'), cell: (p) => p.phone_number },
          {
            header: t('sms.admin.webhooks'),
            cell: (p) => (
              <Stack gap={2}>
                <Text size="xs">
                  {t('sms.admin.inboundUrl')}: <Code>{p.webhooks.inbound_url}</Code>
                </Text>
                <Text size="xs">
                  {t('sms.admin.statusUrl')}: <Code>{p.webhooks.status_url}</Code>
                </Text>
              </Stack>
            ),
          },
        ]}
        actions={(p) => (
          <RowActions
            name={p.name}
            onEdit={p.abilities.update ? () => editor.open(p) : undefined}
            deleteQuestion={t('sms.admin.deleteQuestion', { name: p.name })}
            onDelete={p.abilities.delete ? () => remove.mutate(p.id) : undefined}
          />
        )}
        error={remove.error}
      />
      {/* The providers first, the form to add one below them. */}
      {canCreate && <ProviderForm provider={null} onDone={changed} />}
      <EditorModal
        editor={editor}
        size="lg"
        title={(p) => t('admin.editName', { name: p.name })}
        onSaved={() => undefined}
      >
        {(p, done) => (
          <ProviderForm
            provider={p}
            onDone={(saved) => {
              changed(saved);
              done();
            }}
          />
        )}
      </EditorModal>
    </Stack>
  );
}

function ProviderForm({
  provider,
  onDone,
}: {
  provider: SmsProvider | null;
  onDone: (saved: WithSecret) => void;
}) {
  const { t } = useTranslation();
  const teams = useAdminList<Team>('teams', '/teams?limit=100');
  const [name, setName] = useState(provider?.name ?? '');
  const [phone, setPhone] = useState(provider?.phone_number ?? '');
  const [sendUrl, setSendUrl] = useState(provider?.send_url ?? '');
  const [headerName, setHeaderName] = useState(provider?.auth_header_name ?? 'Authorization');
  const [headerValue, setHeaderValue] = useState('');
  const [teamId, setTeamId] = useState(provider?.default_team_id ?? '');
  const [active, setActive] = useState(provider?.is_active ?? true);
  const [rotate, setRotate] = useState(false);
  const save = useSaveItem<WithSecret>({
    path: '/sms-providers',
    id: provider?.id,
    body: () => {
      const body: Record<string, unknown> = {
        name,
        phone_number: phone,
        send_url: sendUrl,
        default_team_id: teamId || null,
        is_active: active,
      };
      // An empty value keeps the stored one (secrets are never shown back).
      if (headerValue) {
        body.auth_header_name = headerName;
        body.auth_header_value = headerValue;
      } else if (provider) {
        body.auth_header_name = headerName || null;
      }
      if (provider && rotate) body.rotate_webhook_secret = true;
      return body;
    },
    onSaved: (saved) => {
      if (!provider) {
        setName('');
        setPhone('');
        setSendUrl('');
        setHeaderValue('');
      }
      onDone(saved);
    },
  });
  const form = (
    <AdminForm
      save={save}
      fields={FIELDS}
      submitLabel={provider ? t('admin.save') : t('sms.admin.create')}
      gap="sm"
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="sm">
        <TextInput
          label={t('sms.admin.name')}
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError(save.error, 'name')}
        />
        <TextInput
          label={t('sms.admin.phoneNumber')}
          description={t('sms.admin.phoneHelp')}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          required
          type="tel"
          value={phone}
          onChange={(e) => setPhone(e.currentTarget.value)}
          error={fieldError(save.error, 'phone_number')}
        />
      </SimpleGrid>
      <TextInput
        label={t('sms.admin.sendUrl')}
        description={t('sms.admin.sendUrlHelp')}
        inputWrapperOrder={['label', 'input', 'description', 'error']}
        required
        type="url"
        value={sendUrl}
        onChange={(e) => setSendUrl(e.currentTarget.value)}
        error={fieldError(save.error, 'send_url')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="sm">
        <TextInput
          label={t('sms.admin.authHeaderName')}
          value={headerName}
          onChange={(e) => setHeaderName(e.currentTarget.value)}
          error={fieldError(save.error, 'auth_header_name')}
        />
        <PasswordInput
          label={t('sms.admin.authHeaderValue')}
          description={
            provider?.has_auth_header_value ? t('sms.admin.authHeaderValueKeep') : undefined
          }
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          autoComplete="new-password"
          value={headerValue}
          onChange={(e) => setHeaderValue(e.currentTarget.value)}
          error={fieldError(save.error, 'auth_header_value')}
        />
      </SimpleGrid>
      <Group align="flex-end">
        <NativeSelect
          label={t('sms.admin.defaultTeam')}
          value={teamId}
          data={[
            { value: '', label: t('sms.admin.noTeam') },
            ...(teams.data ?? []).map((team) => ({ value: team.id, label: team.name })),
          ]}
          onChange={(e) => setTeamId(e.currentTarget.value)}
          error={fieldError(save.error, 'default_team_id')}
          w={240}
        />
        <Checkbox
          label={t('sms.admin.active')}
          checked={active}
          onChange={(e) => setActive(e.currentTarget.checked)}
          mb={8}
        />
        {provider && (
          <Checkbox
            label={t('sms.admin.rotateSecret')}
            checked={rotate}
            onChange={(e) => setRotate(e.currentTarget.checked)}
            mb={8}
          />
        )}
      </Group>
    </AdminForm>
  );
  return provider ? (
    form
  ) : (
    <Paper withBorder p="md">
      {form}
    </Paper>
  );
}
