import { Badge, Button, Checkbox, Group, MultiSelect, Select, TextInput } from '@mantine/core';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchStatus, SearchType } from '../../shared/api/search.ts';
import { useActiveUsers } from '../conversation/directory.ts';
import { activeFilterCount, statusesFor, TYPES, type SearchFilters as Filters } from './params.ts';

/**
 * The search's filters: types, statuses (a conversation's, an article's),
 * assignee and days. Above the results; on a phone folded behind
 * a "Filters" button, so the results come first.
 */
export function SearchFilters({
  filters,
  onChange,
}: {
  filters: Filters;
  onChange: (change: Partial<Filters> | null) => void;
}) {
  const { t } = useTranslation();
  const users = useActiveUsers();
  const count = activeFilterCount(filters);
  const [isOpen, setOpen] = useState(false);
  const panelId = useId();
  const offered = statusesFor(filters.types);
  const statusLabel = (s: SearchStatus) =>
    s === 'draft' || s === 'published' ? t(`knowledge.state.${s}`) : t(`status.${s}`);

  return (
    <div className="search-filters">
      <Button
        size="compact-sm"
        hiddenFrom="sm"
        variant={isOpen ? 'light' : 'default'}
        aria-expanded={isOpen}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        rightSection={
          count > 0 ? (
            <Badge size="xs" circle aria-label={t('filters.active', { count })}>
              {count}
            </Badge>
          ) : null
        }
      >
        {t('filters.toggle')}
      </Button>
      <div
        id={panelId}
        role="group"
        aria-label={t('filters.toggle')}
        className="search-filters-panel"
        data-open={isOpen || undefined}
      >
        <Checkbox.Group
          label={t('globalSearch.type')}
          size="xs"
          value={filters.types}
          onChange={(value) => {
            const types = TYPES.filter((type) => value.includes(type));
            // Statuses none of the types has would leave nothing to find.
            const still = statusesFor(types);
            const statuses = filters.statuses.filter(
              (s) => still.conversation.includes(s) || still.article.includes(s),
            );
            // Only conversations and their messages have an assignee.
            const assigneeId = still.conversation.length ? filters.assigneeId : undefined;
            onChange({ types, statuses, assigneeId });
          }}
        >
          <Group gap="md" mt={4}>
            {TYPES.map((type: SearchType) => (
              <Checkbox key={type} value={type} label={t(`globalSearch.types.${type}`)} />
            ))}
          </Group>
        </Checkbox.Group>
        <Group gap="xs" align="flex-end" wrap="wrap" className="search-filters-row">
          <MultiSelect
            size="xs"
            label={t('filters.status')}
            placeholder={filters.statuses.length ? undefined : t('filters.any')}
            data={[
              ...(offered.conversation.length
                ? [
                    {
                      group: t('globalSearch.types.conversation'),
                      items: offered.conversation.map((s) => ({ value: s, label: statusLabel(s) })),
                    },
                  ]
                : []),
              ...(offered.article.length
                ? [
                    {
                      group: t('globalSearch.types.article'),
                      items: offered.article.map((s) => ({ value: s, label: statusLabel(s) })),
                    },
                  ]
                : []),
            ]}
            disabled={offered.conversation.length + offered.article.length === 0}
            value={filters.statuses}
            onChange={(v) => onChange({ statuses: v as SearchStatus[] })}
            clearable
            className="search-filter-status"
          />
          <Select
            size="xs"
            label={t('filters.assignee')}
            placeholder={t('filters.any')}
            searchable
            clearable
            data={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
            disabled={offered.conversation.length === 0}
            value={filters.assigneeId ?? null}
            onChange={(v) => onChange({ assigneeId: v ?? undefined })}
            className="search-filter-assignee"
          />
          <DayInput
            label={t('globalSearch.from')}
            value={filters.from}
            max={filters.to}
            onChange={(from) => onChange({ from })}
          />
          <DayInput
            label={t('globalSearch.to')}
            value={filters.to}
            min={filters.from}
            onChange={(to) => onChange({ to })}
          />
          {count > 0 && (
            <Button size="xs" variant="subtle" onClick={() => onChange(null)}>
              {t('globalSearch.clearFilters')}
            </Button>
          )}
        </Group>
      </div>
    </div>
  );
}

/**
 * A day picker that passes a day on once it is whole: typing a year digit by
 * digit goes through 0002, 0020, 0202 before 2026, none of them a search.
 */
function DayInput({
  label,
  value,
  min,
  max,
  onChange,
}: {
  label: string;
  value: string | undefined;
  min?: string;
  max?: string;
  onChange: (day: string | undefined) => void;
}) {
  const [text, setText] = useState(value ?? '');
  useEffect(() => setText(value ?? ''), [value]);
  return (
    <TextInput
      size="xs"
      type="date"
      label={label}
      value={text}
      min={min}
      max={max}
      onChange={(e) => {
        const day = e.currentTarget.value;
        setText(day);
        if (day === '') onChange(undefined);
        else if (Number(day.slice(0, 4)) >= 1970) onChange(day);
      }}
    />
  );
}
