import { Alert, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api.ts';
import { FormFooter, QueryState } from '../ui.tsx';
import type { CoachSettings } from './types.ts';

type Checks = CoachSettings['checks'];
const CHECKS: (keyof Checks)[] = ['introduction', 'client_name', 'jargon'];
const LEVELS: Checks[keyof Checks][] = ['off', 'hint', 'warn', 'block'];
const SETTINGS_KEY = ['admin', 'coach-settings'];

/** How strongly the coach asks for an introduction, the client's name, and plain words. */
export function CoachChecksPanel() {
  const settings = useQuery({
    queryKey: SETTINGS_KEY,
    queryFn: ({ signal }) => callApi<CoachSettings>('GET', '/coach/settings', undefined, signal),
  });
  return (
    <QueryState query={settings}>
      {settings.data && <ChecksForm settings={settings.data} />}
    </QueryState>
  );
}

function ChecksForm({ settings }: { settings: CoachSettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [checks, setChecks] = useState<Checks>(settings.checks);
  const save = useMutation({
    mutationFn: () => callApi<CoachSettings>('PATCH', '/coach/settings', { checks }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(SETTINGS_KEY, saved);
      // The composer reads the checks with each conversation's coach context.
      await queryClient.invalidateQueries({ queryKey: ['coach-context'] });
    },
  });
  const canEdit = settings.abilities.update;
  return (
    <Paper withBorder p="md" maw={640}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            {t('coachAdmin.checks.intro')}
          </Text>
          {CHECKS.map((name) => (
            <div key={name}>
              <Text size="sm" fw={500} id={`coach-check-${name}`}>
                {t(`coachAdmin.checks.${name}`)}
              </Text>
              <Text size="xs" c="dimmed" mb={4}>
                {t(`coachAdmin.checks.${name}Help`)}
              </Text>
              <SegmentedControl
                aria-labelledby={`coach-check-${name}`}
                disabled={!canEdit}
                value={checks[name]}
                onChange={(v) => setChecks((c) => ({ ...c, [name]: v as Checks[typeof name] }))}
                data={LEVELS.map((level) => ({
                  value: level,
                  label: t(
                    level === 'off' ? 'coachAdmin.checks.off' : `coachAdmin.policy.${level}`,
                  ),
                }))}
              />
            </div>
          ))}
          {save.isSuccess && (
            <Alert color="green" role="status" py={6}>
              {t('coachAdmin.checks.saved')}
            </Alert>
          )}
          {canEdit && (
            <FormFooter
              error={save.error}
              fields={[]}
              loading={save.isPending}
              label={t('admin.save')}
            />
          )}
        </Stack>
      </form>
    </Paper>
  );
}
