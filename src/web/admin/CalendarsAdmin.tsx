import {
  ActionIcon,
  Box,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSlaChanged } from './SlaAdmin.tsx';
import { WEEKDAYS, type BusinessCalendar } from './types.ts';
import {
  AdminForm,
  ConfirmDelete,
  fieldError,
  FormError,
  QueryState,
  ScreenHeader,
  useAdminCollection,
  useDeleteItem,
  useSaveItem,
} from './ui.tsx';

type Hours = Record<string, [string, string][]>;
type Holiday = { date: string; name: string };

/** The IANA time zones this browser knows, for a searchable select. */
export function useTimeZones(): string[] {
  return useMemo(() => {
    const zones = Intl.supportedValuesOf('timeZone');
    return zones.includes('UTC') ? zones : ['UTC', ...zones];
  }, []);
}

/** A searchable select of IANA time zones. */
export function TimeZoneSelect(props: {
  label: string;
  value: string;
  onChange: (zone: string) => void;
  error?: string;
}) {
  const zones = useTimeZones();
  const data = zones.includes(props.value) || !props.value ? zones : [props.value, ...zones];
  return (
    <Select
      label={props.label}
      data={data}
      value={props.value}
      onChange={(v) => v && props.onChange(v)}
      searchable
      limit={50}
      allowDeselect={false}
      error={props.error}
      nothingFoundMessage="—"
      w={280}
    />
  );
}

/** One end of an opening interval ("09:00"), named for screen readers only. */
function TimeInput(props: {
  label: string;
  value: string;
  placeholder: string;
  onChange: (value: string) => void;
}) {
  return (
    <TextInput
      size="xs"
      aria-label={props.label}
      value={props.value}
      placeholder={props.placeholder}
      maxLength={5}
      w={70}
      onChange={(e) => props.onChange(e.currentTarget.value)}
    />
  );
}

/** Business-hours calendars: time zone, opening hours per weekday and holidays. */
export function CalendarsAdmin() {
  const { t } = useTranslation();
  const { list: calendars, changed } = useAdminCollection<BusinessCalendar>({
    key: 'calendars',
    path: '/business-calendars',
    limit: 100,
  });
  const [selected, setSelected] = useState<string | 'new' | null>(null);
  const current =
    selected === 'new'
      ? null
      : (calendars.data?.find((c) => c.id === selected) ?? calendars.data?.[0] ?? null);
  const canCreate = calendars.data?.[0]?.abilities.update ?? true;
  return (
    <Stack>
      <ScreenHeader title={t('admin.calendars.title')}>
        {canCreate && (
          <Button onClick={() => setSelected('new')}>{t('admin.calendars.new')}</Button>
        )}
      </ScreenHeader>
      <QueryState query={calendars}>
        {(calendars.data?.length ?? 0) > 0 && (
          <NativeSelect
            label={t('admin.calendars.pick')}
            value={current?.id ?? ''}
            data={[
              ...(selected === 'new' ? [{ value: '', label: t('admin.calendars.new') }] : []),
              ...(calendars.data ?? []).map((c) => ({ value: c.id, label: c.name })),
            ]}
            onChange={(e) => setSelected(e.currentTarget.value || 'new')}
            w={280}
          />
        )}
        {(current || selected === 'new' || calendars.data?.length === 0) && (
          <CalendarForm
            key={current ? `${current.id}-${current.updated_at}` : 'new'}
            calendar={current}
            onSaved={(c) => {
              changed();
              setSelected(c?.id ?? null);
            }}
          />
        )}
      </QueryState>
    </Stack>
  );
}

function CalendarForm(props: {
  calendar: BusinessCalendar | null;
  onSaved: (c: BusinessCalendar | null) => void;
}) {
  const { t } = useTranslation();
  const slaChanged = useSlaChanged();
  const c = props.calendar;
  const [name, setName] = useState(c?.name ?? '');
  const [timeZone, setTimeZone] = useState(c?.time_zone ?? 'UTC');
  const [hours, setHours] = useState<Hours>(
    c?.hours ?? Object.fromEntries(WEEKDAYS.slice(0, 5).map((d) => [d, [['09:00', '17:00']]])),
  );
  const [holidays, setHolidays] = useState<Holiday[]>(c?.holidays ?? []);
  const [newDate, setNewDate] = useState('');
  const [newName, setNewName] = useState('');
  const readOnly = c ? !c.abilities.update : false;
  // The list refreshes (onSaved), and the SLA screens that name calendars.
  const done = (saved: BusinessCalendar | null) => {
    props.onSaved(saved);
    slaChanged();
  };
  const save = useSaveItem<BusinessCalendar>({
    path: '/business-calendars',
    id: c?.id,
    body: () => ({ name, time_zone: timeZone, hours, holidays }),
    onSaved: done,
  });
  const remove = useDeleteItem('/business-calendars', () => done(null));
  const err = (field: string) => fieldError(save.error, field);

  const setDay = (day: string, intervals: [string, string][]) =>
    setHours((h) => {
      const next = { ...h };
      if (intervals.length) next[day] = intervals;
      else delete next[day];
      return next;
    });

  return (
    <Paper withBorder p="md">
      <AdminForm
        save={save}
        fields={['name', 'time_zone', 'hours', 'holidays']}
        submitLabel={t('admin.save')}
        readOnly={readOnly}
        extra={
          // Delete stands apart, at the left end.
          c?.abilities.delete && (
            <Box mr="auto">
              <ConfirmDelete
                label={t('admin.delete')}
                question={t('admin.calendars.deleteQuestion', { name: c.name })}
                onConfirm={() => remove.mutate(c.id)}
              />
            </Box>
          )
        }
      >
        <Group align="flex-start">
          <TextInput
            label={t('admin.calendars.name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={err('name')}
            w={280}
            readOnly={readOnly}
          />
          <TimeZoneSelect
            label={t('admin.timeZone')}
            value={timeZone}
            onChange={setTimeZone}
            error={err('time_zone')}
          />
        </Group>

        <fieldset className="admin-fieldset">
          <legend>{t('admin.calendars.weeklyHours')}</legend>
          <Stack gap={6}>
            {WEEKDAYS.map((day) => {
              const intervals = hours[day] ?? [];
              const dayName = t(`admin.day.${day}`);
              return (
                <Group key={day} gap="sm" align="flex-start" wrap="nowrap">
                  <Checkbox
                    label={dayName}
                    checked={intervals.length > 0}
                    onChange={(e) =>
                      setDay(day, e.currentTarget.checked ? [['09:00', '17:00']] : [])
                    }
                    w={130}
                    mt={6}
                  />
                  <Stack gap={4}>
                    {intervals.map(([from, to], i) => (
                      <Group key={i} gap={6} wrap="nowrap">
                        <TimeInput
                          label={t('admin.calendars.opens', { day: dayName })}
                          value={from}
                          placeholder="09:00"
                          onChange={(v) =>
                            setDay(
                              day,
                              intervals.map((x, j) => (j === i ? [v, x[1]] : x)),
                            )
                          }
                        />
                        <Text size="sm">–</Text>
                        <TimeInput
                          label={t('admin.calendars.closes', { day: dayName })}
                          value={to}
                          placeholder="17:00"
                          onChange={(v) =>
                            setDay(
                              day,
                              intervals.map((x, j) => (j === i ? [x[0], v] : x)),
                            )
                          }
                        />
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={t('admin.calendars.removeInterval', { day: dayName })}
                          onClick={() =>
                            setDay(
                              day,
                              intervals.filter((_, j) => j !== i),
                            )
                          }
                        >
                          ×
                        </ActionIcon>
                      </Group>
                    ))}
                    {fieldError(save.error, `hours.${day}`) && (
                      <Text size="xs" c="red" role="alert">
                        {fieldError(save.error, `hours.${day}`)}
                      </Text>
                    )}
                  </Stack>
                  {intervals.length > 0 && intervals.length < 8 && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      mt={4}
                      aria-label={t('admin.calendars.addIntervalTo', { day: dayName })}
                      onClick={() => setDay(day, [...intervals, ['13:00', '17:00']])}
                    >
                      {t('admin.calendars.addInterval')}
                    </Button>
                  )}
                </Group>
              );
            })}
            {save.error &&
              fieldError(save.error, 'hours') &&
              !WEEKDAYS.some((d) => fieldError(save.error, `hours.${d}`)) && (
                <Text size="xs" c="red" role="alert">
                  {fieldError(save.error, 'hours')}
                </Text>
              )}
          </Stack>
        </fieldset>

        <fieldset className="admin-fieldset">
          <legend>{t('admin.calendars.holidays')}</legend>
          {holidays.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('admin.calendars.noHolidays')}
            </Text>
          ) : (
            <Table aria-label={t('admin.calendars.holidays')}>
              <Table.Tbody>
                {holidays.map((h, i) => (
                  <Table.Tr key={`${h.date}-${i}`}>
                    <Table.Td w={130}>{h.date}</Table.Td>
                    <Table.Td>
                      {h.name}
                      {fieldError(save.error, `holidays.${i}`) && (
                        <Text size="xs" c="red" role="alert">
                          {fieldError(save.error, `holidays.${i}`)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td w={60}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('admin.calendars.removeHoliday', { name: h.name })}
                        onClick={() => setHolidays((hs) => hs.filter((_, j) => j !== i))}
                      >
                        ×
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Group align="flex-end" mt="sm">
            <TextInput
              type="date"
              label={t('admin.calendars.holidayDate')}
              value={newDate}
              onChange={(e) => setNewDate(e.currentTarget.value)}
            />
            <TextInput
              label={t('admin.calendars.holidayName')}
              value={newName}
              onChange={(e) => setNewName(e.currentTarget.value)}
            />
            <Button
              variant="default"
              disabled={!newDate || !newName.trim()}
              onClick={() => {
                const added = [...holidays, { date: newDate, name: newName.trim() }];
                setHolidays(added.sort((a, b) => a.date.localeCompare(b.date)));
                setNewDate('');
                setNewName('');
              }}
            >
              {t('admin.calendars.addHoliday')}
            </Button>
          </Group>
        </fieldset>

        <FormError error={remove.error} />
      </AdminForm>
    </Paper>
  );
}
