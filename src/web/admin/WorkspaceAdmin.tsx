import { Alert, Button, Group, NativeSelect, Paper, Stack, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi, type Session } from '../api.ts';
import { LANGUAGES, LANGUAGE_NAMES } from '../i18n/index.ts';
import { SESSION_KEY } from '../session.ts';
import { TimeZoneSelect } from './CalendarsAdmin.tsx';
import type { Workspace } from './types.ts';
import { fieldError, FormError, QueryState, ScreenHeader } from './ui.tsx';

/** Workspace settings: name, default language and time zone. */
export function WorkspaceAdmin() {
  const { t } = useTranslation();
  const workspace = useQuery({
    queryKey: ['admin', 'workspace'],
    queryFn: ({ signal }) => callApi<Workspace>('GET', '/workspace', undefined, signal),
  });
  return (
    <Stack>
      <ScreenHeader title={t('admin.workspace.title')} />
      <QueryState query={workspace}>
        {workspace.data && (
          <WorkspaceForm key={workspace.data.created_at} workspace={workspace.data} />
        )}
      </QueryState>
    </Stack>
  );
}

function WorkspaceForm({ workspace }: { workspace: Workspace }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState(workspace.name);
  const [language, setLanguage] = useState(workspace.default_language);
  const [timeZone, setTimeZone] = useState(workspace.time_zone);
  const save = useMutation({
    mutationFn: () =>
      callApi<Workspace>('PATCH', '/workspace', {
        name,
        default_language: language,
        time_zone: timeZone,
      }),
    onSuccess: (saved) => {
      queryClient.setQueryData(['admin', 'workspace'], saved);
      // The header prints the workspace name from the session.
      const session = queryClient.getQueryData<Session | null>(SESSION_KEY);
      if (session) queryClient.setQueryData(SESSION_KEY, { ...session, workspace: saved });
    },
  });
  return (
    <Paper withBorder p="md" maw={520}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <TextInput
            label={t('admin.workspace.name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(save.error, 'name')}
          />
          <NativeSelect
            label={t('admin.workspace.language')}
            description={t('admin.workspace.languageHelp')}
            value={language}
            data={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
            onChange={(e) => setLanguage(e.currentTarget.value as Workspace['default_language'])}
            error={fieldError(save.error, 'default_language')}
          />
          <TimeZoneSelect
            label={t('admin.timeZone')}
            value={timeZone}
            onChange={setTimeZone}
            error={fieldError(save.error, 'time_zone')}
          />
          <FormError error={save.error} fields={['name', 'default_language', 'time_zone']} />
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
