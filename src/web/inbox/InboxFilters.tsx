import {
  Badge,
  Button,
  CloseButton,
  Group,
  MultiSelect,
  Select,
  SimpleGrid,
  TextInput,
} from '@mantine/core';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useActiveUsers, useTagSuggestions, useTeams } from '../conversation/directory.ts';
import {
  activeFilterCount,
  CHANNELS,
  PRIORITIES,
  SORTS,
  STATUSES,
  type InboxFilters as Filters,
} from './filters.ts';

const SEARCH_DELAY_MS = 300;

/** The search box, the filters (status, priority, tag, team, assignee, channel), the sort and clear-all. */
export function InboxFilters({
  filters,
  onChange,
}: {
  filters: Filters;
  onChange: (change: Partial<Filters> | null) => void;
}) {
  const { t } = useTranslation();
  const count = activeFilterCount(filters);
  const narrowing = count - (filters.q.trim() ? 1 : 0);
  const [open, setOpen] = useState(narrowing > 0);
  const panelId = useId();

  return (
    <div className="inbox-filters">
      <SearchBox value={filters.q} onSearch={(q) => onChange({ q })} />
      <Group gap="xs" mt={6} wrap="nowrap" justify="space-between">
        <Group gap="xs" wrap="nowrap">
          <Button
            size="compact-sm"
            variant={open ? 'light' : 'default'}
            aria-expanded={open}
            aria-controls={panelId}
            onClick={() => setOpen((o) => !o)}
            rightSection={
              narrowing > 0 ? (
                <Badge size="xs" circle aria-label={t('filters.active', { count: narrowing })}>
                  {narrowing}
                </Badge>
              ) : null
            }
          >
            {t('filters.toggle')}
          </Button>
          {count > 0 && (
            <Button size="compact-sm" variant="subtle" onClick={() => onChange(null)}>
              {t('filters.clearAll')}
            </Button>
          )}
        </Group>
        <Select
          size="xs"
          aria-label={t('filters.sort')}
          data={SORTS.map((s) => ({ value: s, label: t(`filters.sort.${s}`) }))}
          value={filters.sort}
          onChange={(v) => v && onChange({ sort: v as Filters['sort'] })}
          allowDeselect={false}
          w={150}
          comboboxProps={{ withinPortal: true }}
        />
      </Group>
      {/* Mounted only while open: closed, its labels (Status, Team...) would double the conversation's. */}
      <div id={panelId} role="group" aria-label={t('filters.toggle')} hidden={!open}>
        {open && <FilterGrid filters={filters} onChange={onChange} />}
      </div>
    </div>
  );
}

/** Typing searches after a short pause; the URL (and the list) follow. */
function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  const sent = useRef(value);
  // A new URL (back button, clear-all) shows its search.
  useEffect(() => {
    if (value !== sent.current) {
      sent.current = value;
      setText(value);
    }
  }, [value]);
  useEffect(() => {
    if (text === sent.current) return;
    const timer = setTimeout(() => {
      sent.current = text;
      onSearch(text);
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, onSearch]);
  return (
    <TextInput
      type="search"
      size="sm"
      aria-label={t('search.label')}
      placeholder={t('search.placeholder')}
      value={text}
      maxLength={200}
      onChange={(e) => setText(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          sent.current = text;
          onSearch(text);
        }
      }}
      rightSection={
        text ? (
          <CloseButton
            size="sm"
            aria-label={t('search.clear')}
            onClick={() => {
              setText('');
              sent.current = '';
              onSearch('');
            }}
          />
        ) : null
      }
    />
  );
}

function FilterGrid({
  filters,
  onChange,
}: {
  filters: Filters;
  onChange: (change: Partial<Filters>) => void;
}) {
  const { t } = useTranslation();
  const users = useActiveUsers();
  const teams = useTeams();
  const tags = useTagSuggestions();
  const any = t('filters.any');
  const common = { size: 'xs', clearable: true, placeholder: any } as const;
  return (
    <SimpleGrid cols={2} spacing="xs" verticalSpacing={6} mt="xs">
      <MultiSelect
        size="xs"
        label={t('filters.status')}
        placeholder={filters.status.length ? undefined : t('filters.activeOnly')}
        data={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        value={filters.status}
        onChange={(v) => onChange({ status: v as Filters['status'] })}
        clearable
      />
      <Select
        {...common}
        label={t('filters.priority')}
        data={PRIORITIES.map((p) => ({ value: p, label: t(`filters.priority.${p}`) }))}
        value={filters.priority ?? null}
        onChange={(v) => onChange({ priority: (v ?? undefined) as Filters['priority'] })}
      />
      <Select
        {...common}
        searchable
        label={t('filters.team')}
        data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
        value={filters.team_id ?? null}
        onChange={(v) => onChange({ team_id: v ?? undefined })}
      />
      <Select
        {...common}
        searchable
        label={t('filters.assignee')}
        data={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
        value={filters.assignee_id ?? null}
        onChange={(v) => onChange({ assignee_id: v ?? undefined })}
      />
      <Select
        {...common}
        label={t('filters.channel')}
        data={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
        value={filters.channel ?? null}
        onChange={(v) => onChange({ channel: (v ?? undefined) as Filters['channel'] })}
      />
      <Select
        {...common}
        searchable
        label={t('filters.tag')}
        data={[...new Set([...(tags.data ?? []), ...(filters.tag ? [filters.tag] : [])])]}
        value={filters.tag ?? null}
        onChange={(v) => onChange({ tag: v ?? undefined })}
      />
    </SimpleGrid>
  );
}
