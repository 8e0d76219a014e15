import {
  Button,
  Group,
  MultiSelect,
  NativeSelect,
  Paper,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../api.ts';
import { useSession } from '../session.ts';
import type { Team, User } from './types.ts';
import {
  ConfirmDelete,
  fieldError,
  FormError,
  QueryState,
  ScreenHeader,
  useAdminList,
} from './ui.tsx';

/** Teams: create, rename, choose the supervisor, set the members, delete. */
export function TeamsAdmin() {
  const { t } = useTranslation();
  const isAdmin = useSession().data?.user.role === 'admin';
  const teams = useAdminList<Team>('teams', '/teams?limit=100');
  const users = useAdminList<User>('users', '/users?limit=100');
  return (
    <Stack>
      <ScreenHeader title={t('admin.teams.title')} />
      {isAdmin && <NewTeamForm users={users.data ?? []} />}
      <QueryState query={teams}>
        {teams.data?.length === 0 && <Text c="dimmed">{t('admin.teams.none')}</Text>}
        {teams.data?.map((team) => (
          <TeamCard key={`${team.id}-${team.updated_at}`} team={team} users={users.data ?? []} />
        ))}
      </QueryState>
    </Stack>
  );
}

function supervisorChoices(users: User[], t: (k: string) => string) {
  return [
    { value: '', label: t('admin.teams.noSupervisor') },
    ...users
      .filter((u) => u.is_active && u.role !== 'agent')
      .map((u) => ({ value: u.id, label: u.name })),
  ];
}

function NewTeamForm({ users }: { users: User[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [supervisorId, setSupervisorId] = useState('');
  const create = useMutation({
    mutationFn: () =>
      callApi<Team>('POST', '/teams', { name, supervisor_id: supervisorId || null }),
    onSuccess: () => {
      setName('');
      setSupervisorId('');
      void queryClient.invalidateQueries({ queryKey: ['admin', 'teams'] });
    },
  });
  return (
    <Paper withBorder p="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Group align="flex-start">
          <TextInput
            label={t('admin.teams.newName')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(create.error, 'name')}
            w={260}
          />
          <NativeSelect
            label={t('admin.teams.supervisor')}
            value={supervisorId}
            data={supervisorChoices(users, t)}
            onChange={(e) => setSupervisorId(e.currentTarget.value)}
            error={fieldError(create.error, 'supervisor_id')}
          />
          <Button type="submit" mt={25} loading={create.isPending}>
            {t('admin.teams.create')}
          </Button>
        </Group>
        <FormError error={create.error} fields={['name', 'supervisor_id']} />
      </form>
    </Paper>
  );
}

function TeamCard({ team, users }: { team: Team; users: User[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState(team.name);
  const [supervisorId, setSupervisorId] = useState(team.supervisor?.id ?? '');
  const [memberIds, setMemberIds] = useState(team.members.map((m) => m.id));
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin', 'teams'] });
  const update = useMutation({
    mutationFn: () =>
      callApi<Team>('PATCH', `/teams/${team.id}`, { name, supervisor_id: supervisorId || null }),
    onSuccess: refresh,
  });
  const members = useMutation({
    mutationFn: () => callApi<Team>('PUT', `/teams/${team.id}/members`, { user_ids: memberIds }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => callApi('DELETE', `/teams/${team.id}`),
    onSuccess: refresh,
  });
  // Deactivated members stay listed (so saving keeps or drops them on purpose).
  const memberChoices = users
    .filter((u) => u.is_active || memberIds.includes(u.id))
    .map((u) => ({ value: u.id, label: u.name }));
  const headingId = `team-${team.id}`;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" mb="xs">
        <Text fw={600} id={headingId}>
          {team.name}
        </Text>
        {team.abilities.delete && (
          <ConfirmDelete
            label={t('admin.delete')}
            question={t('admin.teams.deleteQuestion', { name: team.name })}
            onConfirm={() => remove.mutate()}
            loading={remove.isPending}
          />
        )}
      </Group>
      {team.abilities.update && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            update.mutate();
          }}
        >
          <Group align="flex-start">
            <TextInput
              label={t('admin.teams.name')}
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={fieldError(update.error, 'name')}
              w={260}
            />
            <NativeSelect
              label={t('admin.teams.supervisor')}
              value={supervisorId}
              data={supervisorChoices(users, t)}
              onChange={(e) => setSupervisorId(e.currentTarget.value)}
              error={fieldError(update.error, 'supervisor_id')}
            />
            <Button type="submit" variant="default" mt={25} loading={update.isPending}>
              {t('admin.save')}
            </Button>
          </Group>
          <FormError error={update.error} fields={['name', 'supervisor_id']} />
        </form>
      )}
      {!team.abilities.update && (
        <Text size="sm" c="dimmed">
          {t('admin.teams.supervisedBy', { name: team.supervisor?.name ?? '—' })}
        </Text>
      )}
      {team.abilities.manage_members ? (
        <Group align="flex-end" mt="sm">
          <MultiSelect
            label={t('admin.teams.members')}
            data={memberChoices}
            value={memberIds}
            onChange={setMemberIds}
            searchable
            clearable
            error={fieldError(members.error, 'user_ids')}
            style={{ flex: 1, minWidth: 260 }}
          />
          <Button variant="default" onClick={() => members.mutate()} loading={members.isPending}>
            {t('admin.teams.saveMembers')}
          </Button>
        </Group>
      ) : (
        <Text size="sm" mt="xs">
          {t('admin.teams.memberList', {
            count: team.members.length,
            names: team.members.map((m) => m.name).join(', '),
          })}
        </Text>
      )}
      <FormError error={members.error} fields={['user_ids']} />
      <FormError error={remove.error} />
    </Paper>
  );
}
