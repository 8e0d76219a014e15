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
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
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
  AdminForm,
  AdminTable,
  EditorModal,
  fieldError,
  FormError,
  RowActions,
  ScreenHeader,
  useAdminList,
  useDeleteItem,
  useEditor,
  useInvalidate,
  useSaveItem,
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
  const changed = useInvalidate(LIST_KEY);
  const remove = useDeleteItem('/mailboxes', changed);
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
      <AdminTable
        query={mailboxes}
        label={t('mailbox.admin.title')}
        empty={t('mailbox.admin.none')}
        rowKey={(m) => m.id}
        rowProps={(m) => ({ 'data-mailbox': m.address })}
        columns={[
          {
            header: t('mailbox.admin.mailbox'),
            cell: (m) => (
              <Stack gap={2} align="flex-start">
                <Text fw={500}>{m.name}</Text>
                <Text size="sm">{m.address}</Text>
                {!m.active && (
                  <Badge color="gray" variant="light">
                    {t('mailbox.admin.inactive')}
                  </Badge>
                )}
              </Stack>
            ),
          },
          {
            header: t('mailbox.admin.sending'),
            cell: (m) =>
              m.smtp ? (
                <Text size="sm">
                  {m.smtp.host}:{m.smtp.port}
                </Text>
              ) : (
                <NotSet />
              ),
          },
          { header: t('mailbox.admin.receiving'), cell: (m) => <ImapCell mailbox={m} /> },
        ]}
        actions={(m) => (
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
        )}
        error={remove.error}
      />
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

/** What a mailbox shows for a way of sending or receiving it has not set up. */
function NotSet() {
  const { t } = useTranslation();
  return (
    <Text size="sm" c="dimmed">
      {t('mailbox.admin.notSet')}
    </Text>
  );
}

/** How receiving by IMAP goes: not set up, paused, not fetched yet, fetched, or failing (why). */
function ImapCell({ mailbox: m }: { mailbox: Mailbox }) {
  const { t, i18n } = useTranslation();
  if (!m.imap) return <NotSet />;
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

/** Help below the input, where it does not push the inputs of a row out of line. */
const BELOW = ['label', 'input', 'description', 'error'] as (
  'label' | 'input' | 'description' | 'error'
)[];

/** An SMTP or IMAP server as the form edits it (the port as typed; an empty password keeps the stored one). */
interface ServerDraft {
  host: string;
  port: string;
  secure: boolean;
  user: string;
  password: string;
}

function serverDraft(
  server: { host: string; port: number; secure: boolean; user: string } | null | undefined,
  defaults: { port: number; secure: boolean },
): ServerDraft {
  return {
    host: server?.host ?? '',
    port: String(server?.port ?? defaults.port),
    secure: server?.secure ?? defaults.secure,
    user: server?.user ?? '',
    password: '',
  };
}

/** A server as the API takes it: a password left empty keeps the stored one (passwords are never shown back). */
function serverBody(d: ServerDraft) {
  return {
    host: d.host,
    port: portOf(d.port),
    secure: d.secure,
    user: d.user,
    ...(d.password ? { password: d.password } : {}),
  };
}

/**
 * How mail leaves (SMTP) or arrives (IMAP): a box that switches it on, then the
 * server's host, port, TLS, user and password, and any fields of its own (children).
 */
function ServerFieldset(props: {
  name: 'smtp' | 'imap';
  legend: string;
  onLabel: string;
  onHelp?: string;
  on: boolean;
  onToggle: (on: boolean) => void;
  server: ServerDraft;
  onChange: (server: ServerDraft) => void;
  /** The usual ports without and with TLS. */
  ports: { plain: string; secure: string };
  passwordSet: boolean | undefined;
  error: unknown;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const d = props.server;
  const set = (patch: Partial<ServerDraft>) => props.onChange({ ...d, ...patch });
  const err = (field: string) => fieldError(props.error, `${props.name}.${field}`);
  return (
    <Fieldset legend={props.legend}>
      <Stack gap="sm">
        <Checkbox
          label={props.onLabel}
          description={props.onHelp}
          checked={props.on}
          onChange={(e) => props.onToggle(e.currentTarget.checked)}
        />
        {props.on && (
          <>
            <Group align="flex-start" wrap="nowrap">
              <TextInput
                label={t('mailbox.admin.host')}
                required
                style={{ flex: 1 }}
                value={d.host}
                onChange={(e) => set({ host: e.currentTarget.value })}
                error={err('host')}
              />
              <TextInput
                label={t('mailbox.admin.port')}
                required
                inputMode="numeric"
                value={d.port}
                onChange={(e) => set({ port: e.currentTarget.value })}
                error={err('port')}
                w={140}
              />
            </Group>
            <Checkbox
              label={t('mailbox.admin.secure')}
              description={t('mailbox.admin.secureHelp')}
              checked={d.secure}
              onChange={(e) => {
                const secure = e.currentTarget.checked;
                const { plain, secure: tls } = props.ports;
                // The usual port goes with the choice, unless another was typed.
                const port = d.port === (secure ? plain : tls) ? (secure ? tls : plain) : d.port;
                set({ secure, port });
              }}
            />
            <Group align="flex-start" grow>
              <TextInput
                label={t('mailbox.admin.user')}
                autoComplete="off"
                value={d.user}
                onChange={(e) => set({ user: e.currentTarget.value })}
                error={err('user')}
              />
              <PasswordInput
                label={t('mailbox.admin.password')}
                description={props.passwordSet ? t('mailbox.admin.passwordKeep') : undefined}
                inputWrapperOrder={BELOW}
                autoComplete="new-password"
                value={d.password}
                onChange={(e) => set({ password: e.currentTarget.value })}
                error={err('password')}
              />
            </Group>
            {props.children}
          </>
        )}
      </Stack>
    </Fieldset>
  );
}

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
  const [smtp, setSmtp] = useState(serverDraft(mailbox?.smtp, { port: 587, secure: false }));

  const [imapOn, setImapOn] = useState(mailbox ? mailbox.imap !== null : false);
  const [imap, setImap] = useState(serverDraft(mailbox?.imap, { port: 993, secure: true }));
  const [imapFolder, setImapFolder] = useState(mailbox?.imap?.folder ?? 'INBOX');
  const [imapEnabled, setImapEnabled] = useState(mailbox?.imap?.enabled ?? true);

  const save = useSaveItem<Mailbox>({
    path: '/mailboxes',
    id: mailbox?.id,
    body: () => ({
      name,
      address,
      default_language: language,
      default_team_id: teamId || null,
      signature,
      active,
      smtp: smtpOn ? serverBody(smtp) : null,
      imap: imapOn ? { ...serverBody(imap), folder: imapFolder, enabled: imapEnabled } : null,
    }),
    onSaved: onDone,
  });
  return (
    <AdminForm
      save={save}
      fields={FIELDS}
      submitLabel={mailbox ? t('admin.save') : t('mailbox.admin.new')}
      gap="sm"
    >
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
          inputWrapperOrder={BELOW}
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
        inputWrapperOrder={BELOW}
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

      <ServerFieldset
        name="smtp"
        legend={t('mailbox.admin.sending')}
        onLabel={t('mailbox.admin.smtpOn')}
        on={smtpOn}
        onToggle={setSmtpOn}
        server={smtp}
        onChange={setSmtp}
        ports={{ plain: '587', secure: '465' }}
        passwordSet={mailbox?.smtp?.password_set}
        error={save.error}
      />

      <ServerFieldset
        name="imap"
        legend={t('mailbox.admin.receiving')}
        onLabel={t('mailbox.admin.imapOn')}
        onHelp={t('mailbox.admin.imapHelp')}
        on={imapOn}
        onToggle={setImapOn}
        server={imap}
        onChange={setImap}
        ports={{ plain: '143', secure: '993' }}
        passwordSet={mailbox?.imap?.password_set}
        error={save.error}
      >
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
      </ServerFieldset>
    </AdminForm>
  );
}
