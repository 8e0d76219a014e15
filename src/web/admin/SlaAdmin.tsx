import {
  Badge,
  Button,
  Checkbox,
  Fieldset,
  Group,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import type { QueryKey } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration } from '../format.ts';
import { PRIORITIES, TIERS, type BusinessCalendar, type SlaPolicy } from './types.ts';
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
  useInvalidate,
  useSaveItem,
} from './ui.tsx';

const TARGETS = ['first_response_minutes', 'next_response_minutes', 'resolution_minutes'] as const;
type TargetKey = (typeof TARGETS)[number];
const TARGET_LABEL: Record<TargetKey, string> = {
  first_response_minutes: 'admin.sla.firstResponse',
  next_response_minutes: 'admin.sla.nextResponse',
  resolution_minutes: 'admin.sla.resolution',
};

/** Where SLA badges show (the inbox, the open conversation, the counts): stale after a policy changed. */
const SLA_SHOWN_IN: QueryKey[] = [['conversations'], ['conversation'], ['counts']];

/** Refreshes the policies and the SLA badges (after a calendar a policy uses changed). */
export function useSlaChanged() {
  return useInvalidate(['admin', 'sla-policies'], ...SLA_SHOWN_IN);
}

/** SLA policies: the targets each kind of conversation gets, tried in order. */
export function SlaAdmin() {
  const { t, i18n } = useTranslation();
  const {
    list: policies,
    changed,
    remove,
  } = useAdminCollection<SlaPolicy>({
    key: 'sla-policies',
    path: '/sla-policies',
    limit: 100,
    alsoStale: SLA_SHOWN_IN,
  });
  const calendars = useAdminList<BusinessCalendar>('calendars', '/business-calendars?limit=100');
  const editor = useEditor<SlaPolicy | 'new'>();
  const calendarName = (id: string | null) =>
    id ? (calendars.data?.find((c) => c.id === id)?.name ?? '…') : t('admin.sla.everyMinute');
  const target = (minutes: number | null) =>
    minutes === null ? '—' : formatDuration(minutes * 60_000, i18n.language);
  const canCreate = policies.data?.[0]?.abilities.update ?? true;

  return (
    <Stack>
      <ScreenHeader title={t('admin.sla.title')}>
        {canCreate && <Button onClick={() => editor.open('new')}>{t('admin.sla.new')}</Button>}
      </ScreenHeader>
      <Text size="sm" c="dimmed">
        {t('admin.sla.help')}
      </Text>
      <AdminTable
        query={policies}
        label={t('admin.sla.title')}
        empty={t('admin.sla.none')}
        rowKey={(p) => p.id}
        columns={[
          { header: t('admin.sla.name'), cell: (p) => p.name },
          {
            header: t('admin.sla.appliesTo'),
            cell: (p) => (
              <Group gap={4}>
                {p.match_priorities.map((x) => (
                  <Badge key={x} size="sm" variant="default">
                    {t(`admin.priority.${x}`)}
                  </Badge>
                ))}
                {p.match_tiers.map((x) => (
                  <Badge key={x} size="sm" variant="default">
                    {t(`admin.tier.${x}`)}
                  </Badge>
                ))}
                {p.match_vip !== null && (
                  <Badge size="sm" variant="default">
                    {p.match_vip ? t('admin.sla.vipOnly') : t('admin.sla.notVip')}
                  </Badge>
                )}
                {!p.match_priorities.length && !p.match_tiers.length && p.match_vip === null && (
                  <Text size="sm">{t('admin.sla.everything')}</Text>
                )}
              </Group>
            ),
          },
          ...TARGETS.map((key) => ({
            header: t(TARGET_LABEL[key]),
            cell: (p: SlaPolicy) => target(p[key]),
          })),
          { header: t('admin.sla.calendar'), cell: (p) => calendarName(p.calendar_id) },
        ]}
        actions={(p) => (
          <RowActions
            name={p.name}
            onEdit={p.abilities.update ? () => editor.open(p) : undefined}
            deleteQuestion={t('admin.sla.deleteQuestion', { name: p.name })}
            onDelete={p.abilities.delete ? () => remove.mutate(p.id) : undefined}
          />
        )}
        error={remove.error}
      />
      <EditorModal
        editor={editor}
        title={(policy) =>
          policy === 'new' ? t('admin.sla.new') : t('admin.editName', { name: policy.name })
        }
        onSaved={changed}
        size="lg"
      >
        {(policy, done) => (
          <PolicyForm
            policy={policy === 'new' ? null : policy}
            calendars={calendars.data ?? []}
            onDone={done}
          />
        )}
      </EditorModal>
    </Stack>
  );
}

/** Checkboxes for a policy's match on one attribute; none ticked matches any. */
function MatchChoices(props: {
  label: string;
  options: { value: string; label: string }[];
  value: string[];
  onChange: (value: string[]) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  return (
    <Checkbox.Group
      label={props.label}
      description={t('admin.sla.anyIfEmpty')}
      value={props.value}
      onChange={props.onChange}
      error={props.error}
    >
      <Group mt={4}>
        {props.options.map((o) => (
          <Checkbox key={o.value} value={o.value} label={o.label} />
        ))}
      </Group>
    </Checkbox.Group>
  );
}

/** Business minutes as hours and minutes; both empty means "no target". */
function DurationField(props: {
  legend: string;
  minutes: number | null;
  onChange: (minutes: number | null) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const hours = props.minutes === null ? '' : Math.floor(props.minutes / 60);
  const minutes = props.minutes === null ? '' : props.minutes % 60;
  const set = (h: number | string, m: number | string) => {
    if (h === '' && m === '') return props.onChange(null);
    props.onChange(Number(h || 0) * 60 + Number(m || 0));
  };
  return (
    <Fieldset legend={props.legend} variant="unstyled">
      <Group gap="xs" wrap="nowrap">
        <NumberInput
          label={t('admin.sla.hours')}
          min={0}
          max={8760}
          allowDecimal={false}
          value={hours}
          onChange={(h) => set(h, minutes)}
          w={90}
        />
        <NumberInput
          label={t('admin.sla.minutes')}
          min={0}
          max={59}
          allowDecimal={false}
          value={minutes}
          onChange={(m) => set(hours, m)}
          w={90}
        />
      </Group>
      {props.error && (
        <Text size="xs" c="red" role="alert" mt={4}>
          {props.error}
        </Text>
      )}
    </Fieldset>
  );
}

type PolicyDraft = Omit<SlaPolicy, 'id' | 'created_at' | 'updated_at' | 'abilities'>;

function PolicyForm(props: {
  policy: SlaPolicy | null;
  calendars: BusinessCalendar[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const p = props.policy;
  const [draft, setDraft] = useState<PolicyDraft>({
    name: p?.name ?? '',
    position: p?.position ?? 100,
    match_priorities: p?.match_priorities ?? [],
    match_tiers: p?.match_tiers ?? [],
    match_vip: p?.match_vip ?? null,
    first_response_minutes: p?.first_response_minutes ?? null,
    next_response_minutes: p?.next_response_minutes ?? null,
    resolution_minutes: p?.resolution_minutes ?? null,
    calendar_id: p?.calendar_id ?? null,
  });
  const set = <K extends keyof PolicyDraft>(key: K, value: PolicyDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const save = useSaveItem<SlaPolicy>({
    path: '/sla-policies',
    id: p?.id,
    body: () => draft,
    onSaved: props.onDone,
  });
  const err = (name: string) => fieldError(save.error, name);
  return (
    <AdminForm save={save} fields={Object.keys(draft)} submitLabel={t('admin.save')}>
      <Group align="flex-start" grow>
        <TextInput
          label={t('admin.sla.name')}
          required
          value={draft.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          error={err('name')}
        />
        <NumberInput
          label={t('admin.sla.position')}
          description={t('admin.sla.positionHelp')}
          min={0}
          allowDecimal={false}
          value={draft.position}
          onChange={(v) => set('position', Number(v || 0))}
          error={err('position')}
        />
      </Group>
      <MatchChoices
        label={t('admin.sla.priorities')}
        options={PRIORITIES.map((x) => ({ value: x, label: t(`admin.priority.${x}`) }))}
        value={draft.match_priorities}
        onChange={(v) => set('match_priorities', v)}
        error={err('match_priorities')}
      />
      <Group align="flex-start" grow>
        <MatchChoices
          label={t('admin.sla.tiers')}
          options={TIERS.map((x) => ({ value: x, label: t(`admin.tier.${x}`) }))}
          value={draft.match_tiers}
          onChange={(v) => set('match_tiers', v)}
          error={err('match_tiers')}
        />
        <NativeSelect
          label={t('admin.sla.vip')}
          value={draft.match_vip === null ? '' : String(draft.match_vip)}
          data={[
            { value: '', label: t('admin.sla.vipAny') },
            { value: 'true', label: t('admin.sla.vipOnly') },
            { value: 'false', label: t('admin.sla.notVip') },
          ]}
          onChange={(e) =>
            set('match_vip', e.currentTarget.value === '' ? null : e.currentTarget.value === 'true')
          }
          error={err('match_vip')}
        />
      </Group>
      <SimpleGrid cols={3}>
        {TARGETS.map((key) => (
          <DurationField
            key={key}
            legend={t(TARGET_LABEL[key])}
            minutes={draft[key]}
            onChange={(v) => set(key, v)}
            error={err(key)}
          />
        ))}
      </SimpleGrid>
      <NativeSelect
        label={t('admin.sla.calendar')}
        value={draft.calendar_id ?? ''}
        data={[
          { value: '', label: t('admin.sla.everyMinute') },
          ...props.calendars.map((c) => ({ value: c.id, label: c.name })),
        ]}
        onChange={(e) => set('calendar_id', e.currentTarget.value || null)}
        error={err('calendar_id')}
      />
    </AdminForm>
  );
}
