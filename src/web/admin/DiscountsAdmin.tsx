import {
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Stack,
  Table,
  Text,
  Title,
  type NumberInputProps,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../api.ts';
import { formatMessageTime, formatNumber } from '../format.ts';
import type { DiscountAuthority, DiscountLimit, UserDiscountLimit } from '../discounts/queries.ts';
import { ROLES, type Role, type User } from './types.ts';
import {
  AdminForm,
  AdminTable,
  EditorModal,
  fieldError,
  QueryState,
  RowActions,
  ScreenHeader,
  useAdminCollection,
  useAdminList,
  useEditor,
} from './ui.tsx';

const toInput = (v: number | null) => (v === null ? '' : v);
const fromInput = (v: number | string) => (v === '' || v === undefined ? null : Number(v));

/** The largest discount one may promise, in percent (empty: no limit). */
function PercentLimitInput(props: NumberInputProps) {
  return <NumberInput min={0} max={100} decimalScale={2} suffix=" %" {...props} />;
}

/** How many coupons one may promise in a reply (empty: no limit). */
function CouponLimitInput(props: NumberInputProps) {
  return <NumberInput min={0} max={1000} allowDecimal={false} {...props} />;
}

/**
 * Discount authority: how large a discount each role may promise a client
 * without a supervisor's approval (empty: no limit), and the users with
 * limits of their own (an empty one keeps their role's). Supervisors read it;
 * admins change it.
 */
export function DiscountsAdmin() {
  const { t } = useTranslation();
  const authority = useQuery({
    queryKey: ['admin', 'discount-authority'],
    queryFn: ({ signal }) =>
      callApi<DiscountAuthority>('GET', '/discounts/authority', undefined, signal),
  });
  return (
    <Stack gap="xl">
      <div>
        <ScreenHeader title={t('discounts.admin.title')} />
        <Text size="sm" c="dimmed" mb="md">
          {t('discounts.admin.help')}
        </Text>
        <QueryState query={authority}>
          {authority.data && <RoleLimitsForm authority={authority.data} />}
        </QueryState>
      </div>
      {authority.data && <UserLimits authority={authority.data} />}
    </Stack>
  );
}

function RoleLimitsForm({ authority }: { authority: DiscountAuthority }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Record<Role, DiscountLimit>>({
    agent: authority.agent,
    supervisor: authority.supervisor,
    admin: authority.admin,
  });
  const save = useMutation({
    mutationFn: () => callApi<DiscountAuthority>('PUT', '/discounts/authority', draft),
    onSuccess: (saved) => {
      queryClient.setQueryData(['admin', 'discount-authority'], saved);
      void queryClient.invalidateQueries({ queryKey: ['admin', 'discount-user-limits'] });
      void queryClient.invalidateQueries({ queryKey: ['discount-authority'] });
    },
  });
  const set = (role: Role, key: keyof DiscountLimit, value: number | string) =>
    setDraft((d) => ({ ...d, [role]: { ...d[role], [key]: fromInput(value) } }));
  const readOnly = !authority.can_edit;

  return (
    <AdminForm
      save={save}
      fields={['agent', 'supervisor', 'admin']}
      submitLabel={t('discounts.admin.saveRoles')}
      gap="sm"
      readOnly={readOnly}
    >
      <Table aria-label={t('discounts.admin.roles')} maw={640}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('admin.users.role')}</Table.Th>
            <Table.Th>{t('discounts.admin.maxPercent')}</Table.Th>
            <Table.Th>{t('discounts.admin.maxCoupons')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ROLES.map((role) => (
            <Table.Tr key={role}>
              <Table.Th scope="row" fw={500} style={{ verticalAlign: 'middle' }}>
                {t(`admin.role.${role}`)}
              </Table.Th>
              <Table.Td>
                <PercentLimitInput
                  aria-label={t('discounts.admin.maxPercentOf', {
                    role: t(`admin.role.${role}`),
                  })}
                  placeholder={t('discounts.admin.noLimit')}
                  value={toInput(draft[role].max_percent)}
                  onChange={(v) => set(role, 'max_percent', v)}
                  disabled={readOnly}
                  error={fieldError(save.error, `${role}.max_percent`)}
                  w={140}
                />
              </Table.Td>
              <Table.Td>
                <CouponLimitInput
                  aria-label={t('discounts.admin.maxCouponsOf', {
                    role: t(`admin.role.${role}`),
                  })}
                  placeholder={t('discounts.admin.noLimit')}
                  value={toInput(draft[role].max_coupons)}
                  onChange={(v) => set(role, 'max_coupons', v)}
                  disabled={readOnly}
                  error={fieldError(save.error, `${role}.max_coupons`)}
                  w={140}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {save.isSuccess && (
        <Text size="sm" c="teal.9" role="status">
          {t('discounts.admin.saved')}
        </Text>
      )}
    </AdminForm>
  );
}

/** The users whose authority differs from their role's, with "Give a user their own limits". */
function UserLimits({ authority }: { authority: DiscountAuthority }) {
  const { t, i18n } = useTranslation();
  const {
    list: limits,
    changed,
    remove,
  } = useAdminCollection<UserDiscountLimit>({
    key: 'discount-user-limits',
    path: '/discounts/authority/users',
    limit: 100,
    alsoStale: [['discount-authority']],
  });
  const editor = useEditor<UserDiscountLimit | 'new'>();
  const canEdit = authority.can_edit;
  const lang = i18n.language;
  const show = (own: number | null, effective: number | null, percent: boolean) => {
    const value = (v: number) => (percent ? `${formatNumber(v, lang)} %` : formatNumber(v, lang));
    if (own !== null) return <Text size="sm">{value(own)}</Text>;
    return (
      <Text size="sm" c="dimmed">
        {t('discounts.admin.rolesValue', {
          value: effective === null ? t('discounts.admin.noLimit') : value(effective),
        })}
      </Text>
    );
  };

  return (
    <div>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4">
          {t('discounts.admin.users')}
        </Title>
        {canEdit && (
          <Button variant="light" onClick={() => editor.open('new')}>
            {t('discounts.admin.addUser')}
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {t('discounts.admin.usersHelp')}
      </Text>
      <AdminTable
        query={limits}
        label={t('discounts.admin.users')}
        empty={t('discounts.admin.noUsers')}
        rowKey={(u) => u.user.id}
        columns={[
          { header: t('admin.users.name'), cell: (u) => u.user.name },
          { header: t('admin.users.role'), cell: (u) => t(`admin.role.${u.user.role}`) },
          {
            header: t('discounts.admin.maxPercent'),
            cell: (u) => show(u.max_percent, u.effective.max_percent, true),
          },
          {
            header: t('discounts.admin.maxCoupons'),
            cell: (u) => show(u.max_coupons, u.effective.max_coupons, false),
          },
          {
            header: t('discounts.admin.changed'),
            cell: (u) => (
              <Text size="xs" c="dimmed">
                {u.updated_by ? `${u.updated_by.name} · ` : ''}
                {formatMessageTime(u.updated_at, lang)}
              </Text>
            ),
          },
        ]}
        actions={(u) => (
          <RowActions
            name={u.user.name}
            onEdit={canEdit ? () => editor.open(u) : undefined}
            deleteQuestion={t('discounts.admin.removeQuestion', { name: u.user.name })}
            onDelete={canEdit ? () => remove.mutate(u.user.id) : undefined}
          />
        )}
        error={remove.error}
      />
      <EditorModal
        editor={editor}
        title={(item) =>
          item === 'new'
            ? t('discounts.admin.addUser')
            : t('discounts.admin.editUser', { name: item.user.name })
        }
        onSaved={changed}
      >
        {(item, done) => (
          <UserLimitForm
            limit={item === 'new' ? null : item}
            authority={authority}
            taken={limits.data?.map((u) => u.user.id) ?? []}
            onDone={done}
          />
        )}
      </EditorModal>
    </div>
  );
}

/** A user's own limits; both empty gives them back their role's. */
function UserLimitForm(props: {
  limit: UserDiscountLimit | null;
  authority: DiscountAuthority;
  taken: string[];
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const users = useAdminList<User>('users', '/users?limit=100');
  const existing = props.limit;
  const candidates = (users.data ?? []).filter((u) => u.is_active && !props.taken.includes(u.id));
  const [userId, setUserId] = useState(existing?.user.id ?? '');
  const [percent, setPercent] = useState<number | string>(toInput(existing?.max_percent ?? null));
  const [coupons, setCoupons] = useState<number | string>(toInput(existing?.max_coupons ?? null));
  const chosenId = userId || candidates[0]?.id || '';
  const role: Role | undefined =
    existing?.user.role ?? users.data?.find((u) => u.id === chosenId)?.role;
  const roleLimit = role ? props.authority[role] : null;
  const rolePlaceholder = (v: number | null | undefined, suffix: string) =>
    t('discounts.admin.rolesValue', {
      value:
        v === null || v === undefined
          ? t('discounts.admin.noLimit')
          : `${formatNumber(v, i18n.language)}${suffix}`,
    });
  const save = useMutation({
    mutationFn: () => {
      const body = { max_percent: fromInput(percent), max_coupons: fromInput(coupons) };
      // Both empty: the role's limits apply again.
      if (body.max_percent === null && body.max_coupons === null)
        return callApi('DELETE', `/discounts/authority/users/${chosenId}`);
      return callApi('PUT', `/discounts/authority/users/${chosenId}`, body);
    },
    onSuccess: props.onDone,
  });

  return (
    <AdminForm
      save={save}
      onSubmit={() => {
        if (chosenId) save.mutate();
      }}
      fields={['max_percent', 'max_coupons']}
      submitLabel={t('admin.save')}
    >
      {existing ? (
        <Text size="sm">
          {existing.user.name} · {t(`admin.role.${existing.user.role}`)}
        </Text>
      ) : (
        <NativeSelect
          label={t('discounts.admin.user')}
          value={chosenId}
          onChange={(e) => setUserId(e.currentTarget.value)}
          data={candidates.map((u) => ({
            value: u.id,
            label: `${u.name} (${t(`admin.role.${u.role}`)})`,
          }))}
          disabled={candidates.length === 0}
          required
        />
      )}
      <Group grow align="flex-start">
        <PercentLimitInput
          label={t('discounts.admin.maxPercent')}
          description={t('discounts.admin.emptyKeepsRole')}
          placeholder={rolePlaceholder(roleLimit?.max_percent, ' %')}
          value={percent}
          onChange={setPercent}
          error={fieldError(save.error, 'max_percent')}
          data-autofocus
        />
        <CouponLimitInput
          label={t('discounts.admin.maxCoupons')}
          description={t('discounts.admin.emptyKeepsRole')}
          placeholder={rolePlaceholder(roleLimit?.max_coupons, '')}
          value={coupons}
          onChange={setCoupons}
          error={fieldError(save.error, 'max_coupons')}
        />
      </Group>
    </AdminForm>
  );
}
