import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../api.ts';
import { formatFullTime } from '../format.ts';
import { ROLES, type CreatedInvitation, type Invitation, type Role, type User } from './types.ts';
import {
  AdminTable,
  ConfirmDelete,
  fieldError,
  FormError,
  QueryState,
  ScreenHeader,
  useAdminCollection,
  useAdminList,
  useInvalidate,
  useSaveItem,
} from './ui.tsx';

/** Users and roles: the people of the workspace, inviting new ones, pending invitations. */
export function UsersAdmin() {
  const { t } = useTranslation();
  const users = useAdminList<User>('users', '/users?limit=100');
  return (
    <Stack gap="xl">
      <div>
        <ScreenHeader title={t('admin.users.title')} />
        <QueryState query={users}>
          <Table striped highlightOnHover aria-label={t('admin.users.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.users.name')}</Table.Th>
                <Table.Th>{t('admin.users.email')}</Table.Th>
                <Table.Th>{t('admin.users.role')}</Table.Th>
                <Table.Th>{t('admin.users.status')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.data?.map((u) => (
                <UserRow key={u.id} user={u} />
              ))}
            </Table.Tbody>
          </Table>
        </QueryState>
      </div>
      <InviteForm />
      <PendingInvitations />
    </Stack>
  );
}

function UserRow({ user }: { user: User }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const update = useMutation({
    mutationFn: (patch: { role?: Role; is_active?: boolean }) =>
      callApi<User>('PATCH', `/users/${user.id}`, patch),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'users'] }),
  });
  return (
    <Table.Tr>
      <Table.Td>{user.name}</Table.Td>
      <Table.Td>{user.email}</Table.Td>
      <Table.Td>
        <NativeSelect
          size="xs"
          aria-label={t('admin.users.roleOf', { name: user.name })}
          value={user.role}
          disabled={!user.abilities.change_role || update.isPending}
          data={ROLES.map((r) => ({ value: r, label: t(`admin.role.${r}`) }))}
          onChange={(e) => update.mutate({ role: e.currentTarget.value as Role })}
          error={fieldError(update.error, 'role')}
        />
      </Table.Td>
      <Table.Td>
        <Badge color={user.is_active ? 'green' : 'gray'} variant="dot">
          {user.is_active ? t('admin.users.active') : t('admin.users.inactive')}
        </Badge>
        {fieldError(update.error, 'is_active') && (
          <Text size="xs" c="red" role="alert">
            {fieldError(update.error, 'is_active')}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap="xs" justify="flex-end" wrap="nowrap">
          {user.abilities.deactivate && (
            <Button
              size="xs"
              variant="default"
              loading={update.isPending}
              onClick={() => update.mutate({ is_active: !user.is_active })}
              aria-label={
                user.is_active
                  ? t('admin.users.deactivateName', { name: user.name })
                  : t('admin.users.reactivateName', { name: user.name })
              }
            >
              {user.is_active ? t('admin.users.deactivate') : t('admin.users.reactivate')}
            </Button>
          )}
        </Group>
        <FormError error={update.error} fields={['role', 'is_active']} />
      </Table.Td>
    </Table.Tr>
  );
}

function InviteForm() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const invitationsChanged = useInvalidate(['admin', 'invitations']);
  const invite = useSaveItem<CreatedInvitation>({
    path: '/invitations',
    id: undefined,
    body: () => ({ email, role, ...(name.trim() ? { name } : {}) }),
    onSaved: () => {
      setEmail('');
      setName('');
      invitationsChanged();
    },
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="invite-heading">
      <Title order={3} size="h4" id="invite-heading" mb="sm">
        {t('admin.invite.title')}
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          invite.mutate();
        }}
      >
        <Group align="flex-start" gap="sm">
          <TextInput
            label={t('admin.users.email')}
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={fieldError(invite.error, 'email')}
            w={260}
          />
          <TextInput
            label={t('admin.invite.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(invite.error, 'name')}
            w={200}
          />
          <NativeSelect
            label={t('admin.users.role')}
            value={role}
            data={ROLES.map((r) => ({ value: r, label: t(`admin.role.${r}`) }))}
            onChange={(e) => setRole(e.currentTarget.value as Role)}
            error={fieldError(invite.error, 'role')}
          />
          <Button type="submit" mt={25} loading={invite.isPending}>
            {t('admin.invite.submit')}
          </Button>
        </Group>
      </form>
      <Stack mt="sm" gap="xs">
        <FormError error={invite.error} fields={['email', 'name', 'role']} />
        {invite.data && (
          <Alert color="green" title={t('admin.invite.sent', { email: invite.data.email })}>
            <Text size="sm">{t('admin.invite.tokenHelp')}</Text>
            <Group gap="xs" mt={6} wrap="nowrap">
              <Code aria-label={t('admin.invite.token')} style={{ wordBreak: 'break-all' }}>
                {invite.data.accept_token}
              </Code>
              <CopyButton value={invite.data.accept_token}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="default" onClick={copy}>
                    {copied ? t('admin.copied') : t('admin.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

function PendingInvitations() {
  const { t, i18n } = useTranslation();
  const { list: invitations, remove: revoke } = useAdminCollection<Invitation>({
    key: 'invitations',
    path: '/invitations',
    limit: 100,
  });
  return (
    <section aria-labelledby="pending-heading">
      <Title order={3} size="h4" id="pending-heading" mb="sm">
        {t('admin.invitations.title')}
      </Title>
      <AdminTable
        query={invitations}
        labelledBy="pending-heading"
        striped={false}
        empty={t('admin.invitations.none')}
        rowKey={(inv) => inv.id}
        columns={[
          {
            header: t('admin.users.email'),
            cell: (inv) => (
              <>
                {inv.email}
                {inv.name ? ` (${inv.name})` : ''}
              </>
            ),
          },
          { header: t('admin.users.role'), cell: (inv) => t(`admin.role.${inv.role}`) },
          {
            header: t('admin.invitations.expires'),
            cell: (inv) =>
              inv.is_expired ? (
                <Badge color="gray">{t('admin.invitations.expired')}</Badge>
              ) : (
                formatFullTime(inv.expires_at, i18n.language)
              ),
          },
        ]}
        actions={(inv) => (
          <ConfirmDelete
            label={t('admin.invitations.revoke')}
            question={t('admin.invitations.revokeQuestion', { email: inv.email })}
            onConfirm={() => revoke.mutate(inv.id)}
          />
        )}
        error={revoke.error}
      />
    </section>
  );
}
