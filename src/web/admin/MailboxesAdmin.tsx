import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Fieldset,
  Group,
  NativeSelect,
  PasswordInput,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  Mailbox,
  MailboxConnectionTest,
  MailboxPollResult,
} from '../../shared/api/mailboxes.ts';
import { callApi } from '../api.ts';
import { formatFullTime, formatMessageTime } from '../format.ts';
import { LANGUAGES, LANGUAGE_NAMES } from '../i18n/index.ts';
import { useSession } from '../session.ts';
import type { Team } from './types.ts';
import {
  EditorModal,
  fieldError,
  FormError,
  FormFooter,
  QueryState,
  RowActions,
  ScreenHeader,
  useAdminList,
  useEditor,
} from './ui.tsx';

const LIST_KEY = ['admin', 'mailboxes'];

const FIELDS = [
  'name',
  'address',
  'default_language',
  'default_team_id',
  'signature',
  'active',
  'smtp',
  'imap',
];

/** Mailboxes: the address, how mail arrives (SMTP listener, IMAP) and leaves (SMTP), and whether it works. */
export function MailboxesAdmin() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mailboxes = useQuery({
    queryKey: LIST_KEY,
    queryFn: async () => (await callApi<{ items: Mailbox[] }>('GET', '/mailboxes')).items,
    // The IMAP status changes with each poll (every minute).
    refetchInterval: 15_000,
  });
  const editor = useEditor<Mailbox | 'new'>();
  const [tested, setTested] = useState<{ name: string; result: MailboxConnectionTest } | null>(
    null,
  );
  const changed = () => void queryClient.invalidateQueries({ queryKey: LIST_KEY });
  const remove = useMutation({
    mutationFn: (id: string) => callApi('DELETE', `/mailboxes/${id}`),
    onSuccess: changed,
  });
  const test = useMutation({
    mutationFn: (m: Mailbox) =>
      callApi<MailboxConnectionTest>('POST', `/mailboxes/${m.id}/test-connection`, {}),
    onMutate: () => setTested(null),
    onSuccess: (result, m) => {
      setTested({ name: m.name, result });
      changed();
    },
  });
  const [fetched, setFetched] = useState<{ name: string; result: MailboxPollResult } | null>(null);
  const fetchNow = useMutation({
    mutationFn: (m: Mailbox) => callApi<MailboxPollResult>('POST', `/mailboxes/${m.id}/poll`, {}),
    onMutate: () => setFetched(null),
    onSuccess: (result, m) => {
      setFetched({ name: m.name, result });
      changed();
    },
  });
  const canCreate = useSession().data?.user.role === 'admin';
  return (
    <Stack>
      <ScreenHeader title={t('mailbox.admin.title')}>
        {canCreate && <Button onClick={() => editor.open('new')}>{t('mailbox.admin.new')}</Button>}
      </ScreenHeader>
      <Text c="dimmed" size="sm">
        {t('mailbox.admin.intro')}
      </Text>
      {tested && (
        <TestResult name={tested.name} result={tested.result} onClose={() => setTested(null)} />
      )}
      {fetched && (
        <Alert
          color={fetched.result.error ? 'red' : 'green'}
          withCloseButton
          closeButtonLabel={t('mailbox.admin.close')}
          onClose={() => setFetched(null)}
          role="status"
          data-fetch-result
        >
          {fetched.result.error
            ? t('mailbox.admin.fetchFailed', { name: fetched.name, error: fetched.result.error })
            : t('mailbox.admin.fetched', { name: fetched.name, count: fetched.result.stored })}
        </Alert>
      )}
      <FormError error={test.error} />
      <FormError error={fetchNow.error} />
      <QueryState query={mailboxes}>
        {mailboxes.data?.length === 0 ? (
          <Text c="dimmed">{t('mailbox.admin.none')}</Text>
        ) : (
          <Table striped aria-label={t('mailbox.admin.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('mailbox.admin.mailbox')}</Table.Th>
                <Table.Th>{t('mailbox.admin.sending')}</Table.Th>
                <Table.Th>{t('mailbox.admin.receiving')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {mailboxes.data?.map((m) => (
                <Table.Tr key={m.id} data-mailbox={m.address}>
                  <Table.Td>
                    <Stack gap={2} align="flex-start">
                      <Text fw={500}>{m.name}</Text>
                      <Text size="sm">{m.address}</Text>
                      {!m.active && (
                        <Badge color="gray" variant="light">
                          {t('mailbox.admin.inactive')}
                        </Badge>
                      )}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    {m.smtp ? (
                      <Text size="sm">
                        {m.smtp.host}:{m.smtp.port}
                      </Text>
                    ) : (
                      <Text size="sm" c="dimmed">
                        {t('mailbox.admin.notSet')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <ImapCell mailbox={m} />
                  </Table.Td>
                  <Table.Td>
                    <RowActions
                      name={m.name}
                      onEdit={m.abilities.update ? () => editor.open(m) : undefined}
                      deleteQuestion={t('mailbox.admin.deleteQuestion', { address: m.address })}
                      onDelete={m.abilities.delete ? () => remove.mutate(m.id) : undefined}
                    >
                      {m.abilities.update && (m.smtp || m.imap) && (
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => test.mutate(m)}
                          loading={test.isPending && test.variables?.id === m.id}
                          aria-label={t('mailbox.admin.testName', { name: m.name })}
                        >
                          {t('mailbox.admin.test')}
                        </Button>
                      )}
                      {m.abilities.update && m.active && m.imap?.enabled && (
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => fetchNow.mutate(m)}
                          loading={fetchNow.isPending && fetchNow.variables?.id === m.id}
                          aria-label={t('mailbox.admin.fetchName', { name: m.name })}
                        >
                          {t('mailbox.admin.fetch')}
                        </Button>
                      )}
                    </RowActions>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <FormError error={remove.error} />
      </QueryState>
      <EditorModal
        editor={editor}
        size="xl"
        title={(m) =>
          m === 'new' ? t('mailbox.admin.new') : t('admin.editName', { name: m.name })
        }
        onSaved={changed}
      >
        {(m, done) => <MailboxForm mailbox={m === 'new' ? null : m} onDone={done} />}
      </EditorModal>
    </Stack>
  );
}

/** How receiving by IMAP goes: not set up, paused, not fetched yet, fetched, or failing (why). */
function ImapCell({ mailbox: m }: { mailbox: Mailbox }) {
  const { t, i18n } = useTranslation();
  if (!m.imap)
    return (
      <Text size="sm" c="dimmed">
        {t('mailbox.admin.notSet')}
      </Text>
    );
  const status = m.imap.status;
  const time = (iso: string) => (
    <time dateTime={iso} title={formatFullTime(iso, i18n.language)}>
      {formatMessageTime(iso, i18n.language)}
    </time>
  );
  return (
    <Stack gap={2} align="flex-start">
      <Text size="sm">
        {m.imap.host}:{m.imap.port} · {m.imap.folder}
      </Text>
      {!m.imap.enabled && (
        <Badge color="gray" variant="light">
          {t('mailbox.admin.paused')}
        </Badge>
      )}
      {!status ? (
        <Text size="xs" c="dimmed">
          {t('mailbox.admin.notPolled')}
        </Text>
      ) : status.error ? (
        <Text size="xs" c="red.8" data-imap-status="error">
          {t('mailbox.admin.pollFailed', { error: status.error })} ({time(status.polled_at)})
        </Text>
      ) : (
        <Text size="xs" c="dimmed" data-imap-status="ok">
          {t('mailbox.admin.pollOk')} ({time(status.succeeded_at ?? status.polled_at)})
        </Text>
      )}
    </Stack>
  );
}

function TestResult({
  name,
  result,
  onClose,
}: {
  name: string;
  result: MailboxConnectionTest;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const ok = [result.smtp, result.imap].every((r) => !r || r.ok);
  return (
    <Alert
      color={ok ? 'green' : 'red'}
      title={t('mailbox.admin.testTitle', { name })}
      withCloseButton
      closeButtonLabel={t('mailbox.admin.close')}
      onClose={onClose}
      role={ok ? 'status' : 'alert'}
    >
      <Stack gap={4}>
        {result.smtp && (
          <Text size="sm">
            {result.smtp.ok
              ? t('mailbox.admin.smtpOk')
              : t('mailbox.admin.smtpFailed', { error: result.smtp.error ?? '' })}
          </Text>
        )}
        {result.imap && (
          <Text size="sm">
            {result.imap.ok
              ? t('mailbox.admin.imapOk')
              : t('mailbox.admin.imapFailed', { error: result.imap.error ?? '' })}
          </Text>
        )}
      </Stack>
    </Alert>
  );
}

/** A port typed in a text box, as the API wants it (a bad one comes back as a field error). */
const portOf = (value: string) => (/^\d+$/.test(value.trim()) ? Number(value.trim()) : 0);

function MailboxForm({ mailbox, onDone }: { mailbox: Mailbox | null; onDone: () => void }) {
  const { t } = useTranslation();
  const teams = useAdminList<Team>('teams', '/teams?limit=100');
  const [name, setName] = useState(mailbox?.name ?? '');
  const [address, setAddress] = useState(mailbox?.address ?? '');
  const [language, setLanguage] = useState<string>(mailbox?.default_language ?? 'en');
  const [teamId, setTeamId] = useState(mailbox?.default_team_id ?? '');
  const [signature, setSignature] = useState(mailbox?.signature ?? '');
  const [active, setActive] = useState(mailbox?.active ?? true);

  const [smtpOn, setSmtpOn] = useState(mailbox ? mailbox.smtp !== null : true);
  const [smtpHost, setSmtpHost] = useState(mailbox?.smtp?.host ?? '');
  const [smtpPort, setSmtpPort] = useState(String(mailbox?.smtp?.port ?? 587));
  const [smtpSecure, setSmtpSecure] = useState(mailbox?.smtp?.secure ?? false);
  const [smtpUser, setSmtpUser] = useState(mailbox?.smtp?.user ?? '');
  const [smtpPassword, setSmtpPassword] = useState('');

  const [imapOn, setImapOn] = useState(mailbox ? mailbox.imap !== null : false);
  const [imapHost, setImapHost] = useState(mailbox?.imap?.host ?? '');
  const [imapPort, setImapPort] = useState(String(mailbox?.imap?.port ?? 993));
  const [imapSecure, setImapSecure] = useState(mailbox?.imap?.secure ?? true);
  const [imapUser, setImapUser] = useState(mailbox?.imap?.user ?? '');
  const [imapPassword, setImapPassword] = useState('');
  const [imapFolder, setImapFolder] = useState(mailbox?.imap?.folder ?? 'INBOX');
  const [imapEnabled, setImapEnabled] = useState(mailbox?.imap?.enabled ?? true);

  const save = useMutation({
    mutationFn: () => {
      // A password left empty keeps the stored one (passwords are never shown back).
      const body = {
        name,
        address,
        default_language: language,
        default_team_id: teamId || null,
        signature,
        active,
        smtp: smtpOn
          ? {
              host: smtpHost,
              port: portOf(smtpPort),
              secure: smtpSecure,
              user: smtpUser,
              ...(smtpPassword ? { password: smtpPassword } : {}),
            }
          : null,
        imap: imapOn
          ? {
              host: imapHost,
              port: portOf(imapPort),
              secure: imapSecure,
              user: imapUser,
              folder: imapFolder,
              enabled: imapEnabled,
              ...(imapPassword ? { password: imapPassword } : {}),
            }
          : null,
      };
      return mailbox
        ? callApi<Mailbox>('PATCH', `/mailboxes/${mailbox.id}`, body)
        : callApi<Mailbox>('POST', '/mailboxes', body);
    },
    onSuccess: onDone,
  });
  const keep = t('mailbox.admin.passwordKeep');
  const below = ['label', 'input', 'description', 'error'] as (
    'label' | 'input' | 'description' | 'error'
  )[];
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack gap="sm">
        <Group align="flex-start" grow>
          <TextInput
            label={t('mailbox.admin.name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(save.error, 'name')}
          />
          <TextInput
            label={t('mailbox.admin.address')}
            required
            type="email"
            value={address}
            onChange={(e) => setAddress(e.currentTarget.value)}
            error={fieldError(save.error, 'address')}
          />
        </Group>
        <Group align="flex-start" grow>
          <NativeSelect
            label={t('mailbox.admin.language')}
            description={t('mailbox.admin.languageHelp')}
            inputWrapperOrder={below}
            value={language}
            data={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
            onChange={(e) => setLanguage(e.currentTarget.value)}
            error={fieldError(save.error, 'default_language')}
          />
          <NativeSelect
            label={t('mailbox.admin.defaultTeam')}
            value={teamId}
            data={[
              { value: '', label: t('mailbox.admin.noTeam') },
              ...(teams.data ?? []).map((team) => ({ value: team.id, label: team.name })),
            ]}
            onChange={(e) => setTeamId(e.currentTarget.value)}
            error={fieldError(save.error, 'default_team_id')}
          />
        </Group>
        <Textarea
          label={t('mailbox.admin.signature')}
          description={t('mailbox.admin.signatureHelp')}
          inputWrapperOrder={below}
          autosize
          minRows={2}
          maxRows={6}
          value={signature}
          onChange={(e) => setSignature(e.currentTarget.value)}
          error={fieldError(save.error, 'signature')}
        />
        <Checkbox
          label={t('mailbox.admin.active')}
          description={t('mailbox.admin.activeHelp')}
          checked={active}
          onChange={(e) => setActive(e.currentTarget.checked)}
        />

        <Fieldset legend={t('mailbox.admin.sending')}>
          <Stack gap="sm">
            <Checkbox
              label={t('mailbox.admin.smtpOn')}
              checked={smtpOn}
              onChange={(e) => setSmtpOn(e.currentTarget.checked)}
            />
            {smtpOn && (
              <>
                <Group align="flex-start" wrap="nowrap">
                  <TextInput
                    label={t('mailbox.admin.host')}
                    required
                    style={{ flex: 1 }}
                    value={smtpHost}
                    onChange={(e) => setSmtpHost(e.currentTarget.value)}
                    error={fieldError(save.error, 'smtp.host')}
                  />
                  <TextInput
                    label={t('mailbox.admin.port')}
                    required
                    inputMode="numeric"
                    value={smtpPort}
                    onChange={(e) => setSmtpPort(e.currentTarget.value)}
                    error={fieldError(save.error, 'smtp.port')}
                    w={140}
                  />
                </Group>
                <Checkbox
                  label={t('mailbox.admin.secure')}
                  description={t('mailbox.admin.secureHelp')}
                  checked={smtpSecure}
                  onChange={(e) => {
                    const secure = e.currentTarget.checked;
                    setSmtpSecure(secure);
                    // The usual port goes with the choice, unless another was typed.
                    if (smtpPort === (secure ? '587' : '465')) setSmtpPort(secure ? '465' : '587');
                  }}
                />
                <Group align="flex-start" grow>
                  <TextInput
                    label={t('mailbox.admin.user')}
                    autoComplete="off"
                    value={smtpUser}
                    onChange={(e) => setSmtpUser(e.currentTarget.value)}
                    error={fieldError(save.error, 'smtp.user')}
                  />
                  <PasswordInput
                    label={t('mailbox.admin.password')}
                    description={mailbox?.smtp?.password_set ? keep : undefined}
                    inputWrapperOrder={below}
                    autoComplete="new-password"
                    value={smtpPassword}
                    onChange={(e) => setSmtpPassword(e.currentTarget.value)}
                    error={fieldError(save.error, 'smtp.password')}
                  />
                </Group>
              </>
            )}
          </Stack>
        </Fieldset>

        <Fieldset legend={t('mailbox.admin.receiving')}>
          <Stack gap="sm">
            <Checkbox
              label={t('mailbox.admin.imapOn')}
              description={t('mailbox.admin.imapHelp')}
              checked={imapOn}
              onChange={(e) => setImapOn(e.currentTarget.checked)}
            />
            {imapOn && (
              <>
                <Group align="flex-start" wrap="nowrap">
                  <TextInput
                    label={t('mailbox.admin.host')}
                    required
                    style={{ flex: 1 }}
                    value={imapHost}
                    onChange={(e) => setImapHost(e.currentTarget.value)}
                    error={fieldError(save.error, 'imap.host')}
                  />
                  <TextInput
                    label={t('mailbox.admin.port')}
                    required
                    inputMode="numeric"
                    value={imapPort}
                    onChange={(e) => setImapPort(e.currentTarget.value)}
                    error={fieldError(save.error, 'imap.port')}
                    w={140}
                  />
                </Group>
                <Checkbox
                  label={t('mailbox.admin.secure')}
                  description={t('mailbox.admin.secureHelp')}
                  checked={imapSecure}
                  onChange={(e) => {
                    const secure = e.currentTarget.checked;
                    setImapSecure(secure);
                    if (imapPort === (secure ? '143' : '993')) setImapPort(secure ? '993' : '143');
                  }}
                />
                <Group align="flex-start" grow>
                  <TextInput
                    label={t('mailbox.admin.user')}
                    autoComplete="off"
                    value={imapUser}
                    onChange={(e) => setImapUser(e.currentTarget.value)}
                    error={fieldError(save.error, 'imap.user')}
                  />
                  <PasswordInput
                    label={t('mailbox.admin.password')}
                    description={mailbox?.imap?.password_set ? keep : undefined}
                    inputWrapperOrder={below}
                    autoComplete="new-password"
                    value={imapPassword}
                    onChange={(e) => setImapPassword(e.currentTarget.value)}
                    error={fieldError(save.error, 'imap.password')}
                  />
                </Group>
                <Group align="flex-end">
                  <TextInput
                    label={t('mailbox.admin.folder')}
                    required
                    value={imapFolder}
                    onChange={(e) => setImapFolder(e.currentTarget.value)}
                    error={fieldError(save.error, 'imap.folder')}
                    w={240}
                  />
                  <Checkbox
                    label={t('mailbox.admin.polling')}
                    checked={imapEnabled}
                    onChange={(e) => setImapEnabled(e.currentTarget.checked)}
                    mb={8}
                  />
                </Group>
              </>
            )}
          </Stack>
        </Fieldset>

        <FormFooter
          error={save.error}
          fields={FIELDS}
          loading={save.isPending}
          label={mailbox ? t('admin.save') : t('mailbox.admin.new')}
        />
      </Stack>
    </form>
  );
}
