import {
  Alert,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Fieldset,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChatSettings } from '../../shared/api/chat-settings.ts';
import { callApi } from '../api.ts';
import { LANGUAGES, LANGUAGE_NAMES, type AppLanguage } from '../i18n/index.ts';
import { useSession } from '../session.ts';
import { fieldError, FormError, QueryState, ScreenHeader } from './ui.tsx';

const FIELDS = ['enabled', 'prechat_form', 'greetings', 'allowed_origins'];
const KEY = ['admin', 'chat-settings'];
/** The API's own rule for one origin, so a bad line is named before saving. */
const Origin = ChatSettings.shape.allowed_origins.element;

/** Web chat: on or off, the pre-chat form, greetings, the sites allowed to embed it, the embed code. */
export function ChatAdmin() {
  const { t } = useTranslation();
  const settings = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => callApi<ChatSettings>('GET', '/chat/settings', undefined, signal),
  });
  return (
    <Stack>
      <ScreenHeader title={t('chat.admin.title')} />
      <Text c="dimmed" size="sm">
        {t('chat.admin.intro')}
      </Text>
      <QueryState query={settings}>
        {settings.data && <ChatSettingsForm settings={settings.data} />}
      </QueryState>
      <EmbedCode />
    </Stack>
  );
}

/** The lines of the origins box that are not origins, with their line numbers. */
function badOrigins(lines: string[]) {
  return lines
    .map((value, i) => ({ value, line: i + 1 }))
    .filter((l) => l.value.trim() !== '' && !Origin.safeParse(l.value).success);
}

function ChatSettingsForm({ settings }: { settings: ChatSettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [enabled, setEnabled] = useState(settings.enabled);
  const [prechat, setPrechat] = useState(settings.prechat_form);
  const [greetings, setGreetings] = useState<Record<AppLanguage, string>>(
    () =>
      Object.fromEntries(LANGUAGES.map((l) => [l, settings.greetings[l] ?? ''])) as Record<
        AppLanguage,
        string
      >,
  );
  const [origins, setOrigins] = useState(settings.allowed_origins.join('\n'));
  const [checked, setChecked] = useState(false);
  const lines = origins.split('\n');
  const bad = badOrigins(lines);
  const save = useMutation({
    mutationFn: () =>
      callApi<ChatSettings>('PUT', '/chat/settings', {
        enabled,
        prechat_form: prechat,
        greetings: Object.fromEntries(
          Object.entries(greetings).filter(([, text]) => text.trim() !== ''),
        ),
        allowed_origins: lines.map((l) => l.trim()).filter(Boolean),
      }),
    onSuccess: (saved) => {
      queryClient.setQueryData(KEY, saved);
      setOrigins(saved.allowed_origins.join('\n'));
    },
  });
  const originsError =
    (checked && bad.length > 0
      ? bad.map((b) => t('chat.admin.originInvalid', b)).join(' ')
      : undefined) ?? fieldError(save.error, 'allowed_origins');
  return (
    <Paper withBorder p="md" maw={760}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setChecked(true);
          if (bad.length === 0) save.mutate();
        }}
      >
        <Stack>
          <Switch
            label={t('chat.admin.enabled')}
            description={t('chat.admin.enabledHelp')}
            checked={enabled}
            onChange={(e) => setEnabled(e.currentTarget.checked)}
            error={fieldError(save.error, 'enabled')}
          />
          <Checkbox
            label={t('chat.admin.prechat')}
            description={t('chat.admin.prechatHelp')}
            checked={prechat}
            onChange={(e) => setPrechat(e.currentTarget.checked)}
            error={fieldError(save.error, 'prechat_form')}
          />
          <Fieldset
            legend={t('chat.admin.greetings')}
            variant="unstyled"
            styles={{
              root: { padding: 0, margin: 0 },
              legend: { fontWeight: 600, fontSize: 'var(--mantine-font-size-sm)', marginBottom: 2 },
            }}
          >
            <Text size="xs" c="dimmed" mb="xs">
              {t('chat.admin.greetingsHelp')}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="sm">
              {LANGUAGES.map((l) => (
                <Textarea
                  key={l}
                  label={LANGUAGE_NAMES[l]}
                  lang={l}
                  placeholder={t('chat.admin.greetingPlaceholder')}
                  autosize
                  minRows={2}
                  maxRows={6}
                  maxLength={300}
                  value={greetings[l]}
                  onChange={(e) => {
                    const text = e.currentTarget.value;
                    setGreetings((g) => ({ ...g, [l]: text }));
                  }}
                  error={fieldError(save.error, `greetings.${l}`)}
                />
              ))}
            </SimpleGrid>
          </Fieldset>
          <Textarea
            label={t('chat.admin.origins')}
            description={t('chat.admin.originsHelp')}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            placeholder="https://www.example.com"
            autosize
            minRows={3}
            maxRows={12}
            spellCheck={false}
            value={origins}
            onChange={(e) => setOrigins(e.currentTarget.value)}
            error={originsError}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          <FormError error={save.error} fields={FIELDS} />
          {save.isSuccess && (
            <Alert color="green" role="status">
              {t('admin.saved')}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>
              {t('admin.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** The script tag to paste into the site, for this server and workspace. */
function EmbedCode() {
  const { t } = useTranslation();
  const workspaceId = useSession().data?.workspace.id;
  if (!workspaceId) return null;
  const snippet = `<script src="${window.location.origin}/widget.js" data-workspace="${workspaceId}" async></script>`;
  return (
    <Paper withBorder p="md" maw={760} component="section" aria-labelledby="chat-embed-title">
      <Stack gap="xs">
        <Title order={3} size="h4" id="chat-embed-title">
          {t('chat.admin.embed')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('chat.admin.embedHelp')}
        </Text>
        <Code
          block
          data-testid="chat-embed-code"
          style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
        >
          {snippet}
        </Code>
        <Group justify="flex-end">
          <CopyButton value={snippet}>
            {({ copied, copy }) => (
              <Button size="xs" variant="default" onClick={copy}>
                {copied ? t('chat.admin.copied') : t('chat.admin.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Stack>
    </Paper>
  );
}
