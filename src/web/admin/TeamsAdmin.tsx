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
import { useMutation } from '@tanstack/react-query';
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
  useAdminCollection,
  useAdminList,
  useDeleteItem,
  useSaveItem,
} from './ui.tsx';

/** Teams: create, rename, choose the supervisor, set the members, delete. */
export function TeamsAdmin() {
  const { t } = useTranslation();
  const isAdmin = useSession().data?.user.role === 'admin';
  const { list: teams, changed } = useAdminCollection<Team>({
    key: 'teams',
    path: '/teams',
    limit: 100,
  });
  const users = useAdminList<User>('users', '/users?limit=100');
  return (
    <Stack>
      <ScreenHeader title={t('admin.teams.title')} />
      {isAdmin && (
        <Paper withBorder p="md">
          <TeamForm team={null} users={users.data ?? []} onSaved={changed} />
        </Paper>
      )}
      <QueryState query={teams}>
        {teams.data?.length === 0 && <Text c="dimmed">{t('admin.teams.none')}</Text>}
        {teams.data?.map((team) => (
          <TeamCard
            key={`${team.id}-${team.updated_at}`}
            team={team}
            users={users.data ?? []}
            onChanged={changed}
          />
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

/** A team's name and supervisor: a new team's (cleared once made), or an existing one's. */
function TeamForm(props: { team: Team | null; users: User[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const { team } = props;
  const [name, setName] = useState(team?.name ?? '');
  const [supervisorId, setSupervisorId] = useState(team?.supervisor?.id ?? '');
  const save = useSaveItem<Team>({
    path: '/teams',
    id: team?.id,
    body: () => ({ name, supervisor_id: supervisorId || null }),
    onSaved: () => {
      if (!team) {
        setName('');
        setSupervisorId('');
      }
      props.onSaved();
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Group align="flex-start">
        <TextInput
          label={team ? t('admin.teams.name') : t('admin.teams.newName')}
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError(save.error, 'name')}
          w={260}
        />
        <NativeSelect
          label={t('admin.teams.supervisor')}
          value={supervisorId}
          data={supervisorChoices(props.users, t)}
          onChange={(e) => setSupervisorId(e.currentTarget.value)}
          error={fieldError(save.error, 'supervisor_id')}
        />
        <Button
          type="submit"
          variant={team ? 'default' : 'filled'}
          mt={25}
          loading={save.isPending}
        >
          {team ? t('admin.save') : t('admin.teams.create')}
        </Button>
      </Group>
      <FormError error={save.error} fields={['name', 'supervisor_id']} />
    </form>
  );
}

function TeamCard({
  team,
  users,
  onChanged,
}: {
  team: Team;
  users: User[];
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [memberIds, setMemberIds] = useState(team.members.map((m) => m.id));
  const members = useMutation({
    mutationFn: () => callApi<Team>('PUT', `/teams/${team.id}/members`, { user_ids: memberIds }),
    onSuccess: onChanged,
  });
  const remove = useDeleteItem('/teams', onChanged);
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
            onConfirm={() => remove.mutate(team.id)}
            loading={remove.isPending}
          />
        )}
      </Group>
      {team.abilities.update && <TeamForm team={team} users={users} onSaved={onChanged} />}
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
