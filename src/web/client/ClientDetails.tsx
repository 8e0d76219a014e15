import { NativeSelect, Select, Stack, Switch, TagsInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi, toQuery, type Page } from '../api.ts';
import { LANGUAGES, LANGUAGE_NAMES } from '../i18n/index.ts';
import { InlineInput, useErrorText } from './InlineInput.tsx';
import { useClientFields, useUpdateClient } from './queries.ts';
import type { Client, ClientField, ClientPatch } from './types.ts';

const TIERS = ['regular', 'premium', 'key'] as const;

/** Who the client is, edited in place: kind, company, language, tier, VIP, time zone, tags. */
export function ClientDetails({ client }: { client: Client }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const update = useUpdateClient(client.id);
  const editable = client.abilities.update;
  // Each control saves on its own; the error shows under the one that failed.
  const [failed, setFailed] = useState<{ field: string; error: unknown } | null>(null);
  const save = (field: string, patch: ClientPatch) =>
    update.mutateAsync(patch).then(
      (c) => {
        setFailed(null);
        return c;
      },
      (error: unknown) => {
        setFailed({ field, error });
        throw error;
      },
    );
  const errorOf = (field: string) =>
    failed?.field === field ? errorText(failed.error) : undefined;
  const busy = (field: string) => update.isPending && field in (update.variables ?? {});

  return (
    <Stack gap="xs">
      <NativeSelect
        size="xs"
        label={t('dossier.kind')}
        value={client.kind}
        disabled={!editable || busy('kind')}
        data={[
          { value: 'person', label: t('dossier.kind.person') },
          { value: 'company', label: t('dossier.kind.company') },
        ]}
        onChange={(e) =>
          void save('kind', { kind: e.currentTarget.value as Client['kind'] }).catch(() => {})
        }
        error={errorOf('kind')}
      />
      {client.kind === 'person' && (
        <CompanyPicker
          client={client}
          disabled={!editable}
          error={errorOf('company_id')}
          onChange={(companyId) =>
            void save('company_id', { company_id: companyId }).catch(() => {})
          }
        />
      )}
      <NativeSelect
        size="xs"
        label={t('dossier.language')}
        value={client.language ?? ''}
        disabled={!editable || busy('language')}
        data={[
          { value: '', label: t('dossier.none') },
          ...LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] })),
        ]}
        onChange={(e) => {
          const value = e.currentTarget.value as Client['language'] | '';
          void save('language', { language: value || null }).catch(() => {});
        }}
        error={errorOf('language')}
      />
      <NativeSelect
        size="xs"
        label={t('dossier.tier')}
        value={client.tier}
        disabled={!editable || busy('tier')}
        data={TIERS.map((tier) => ({ value: tier, label: t(`dossier.tier.${tier}`) }))}
        onChange={(e) =>
          void save('tier', { tier: e.currentTarget.value as Client['tier'] }).catch(() => {})
        }
        error={errorOf('tier')}
      />
      <Switch
        size="sm"
        label={t('dossier.vip')}
        checked={busy('is_vip') ? Boolean(update.variables?.is_vip) : client.is_vip}
        disabled={!editable || busy('is_vip')}
        onChange={(e) => void save('is_vip', { is_vip: e.currentTarget.checked }).catch(() => {})}
        error={errorOf('is_vip')}
      />
      <InlineInput
        label={t('dossier.timeZone')}
        value={client.time_zone ?? ''}
        placeholder="Europe/Budapest"
        disabled={!editable}
        onSave={(v) => save('time_zone', { time_zone: v || null })}
      />
      <TagsInput
        size="xs"
        label={t('dossier.tags')}
        value={busy('tags') ? (update.variables?.tags ?? client.tags) : client.tags}
        disabled={!editable}
        maxTags={50}
        placeholder={t('dossier.tagsHint')}
        onChange={(tags) =>
          void save('tags', { tags: tags.map((x) => x.trim().toLowerCase()) }).catch(() => {})
        }
        error={errorOf('tags')}
      />
      <CustomFields client={client} disabled={!editable} save={save} />
    </Stack>
  );
}

/** A person's company, chosen among the workspace's companies by name as one types. */
function CompanyPicker({
  client,
  disabled,
  error,
  onChange,
}: {
  client: Client;
  disabled: boolean;
  error?: string;
  onChange: (companyId: string | null) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const companies = useQuery({
    queryKey: ['clients', 'companies', q],
    queryFn: ({ signal }) =>
      callApi<Page<Client>>(
        'GET',
        `/clients${toQuery({ kind: 'company', q, limit: 20 })}`,
        undefined,
        signal,
      ),
  });
  const options = new Map<string, string>();
  if (client.company) options.set(client.company.id, client.company.name);
  for (const c of companies.data?.items ?? []) options.set(c.id, c.name);
  return (
    <Select
      size="xs"
      label={t('dossier.company')}
      placeholder={t('dossier.companyHint')}
      searchable
      clearable
      disabled={disabled}
      value={client.company?.id ?? null}
      data={[...options].map(([value, label]) => ({ value, label }))}
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage={companies.isFetching ? t('common.loading') : t('dossier.noCompany')}
      onChange={(value) => onChange(value)}
      error={error}
    />
  );
}

/** The workspace's custom fields, each with the input of its type. */
function CustomFields({
  client,
  disabled,
  save,
}: {
  client: Client;
  disabled: boolean;
  save: (field: string, patch: ClientPatch) => Promise<Client>;
}) {
  const fields = useClientFields();
  return (fields.data?.items ?? []).map((field) => (
    <CustomField
      key={field.id}
      field={field}
      value={client.custom_fields[field.key]}
      disabled={disabled}
      save={(value) =>
        save(`custom_fields.${field.key}`, { custom_fields: { [field.key]: value } })
      }
    />
  ));
}

function CustomField({
  field,
  value,
  disabled,
  save,
}: {
  field: ClientField;
  value: string | number | undefined;
  disabled: boolean;
  save: (value: string | number | null) => Promise<Client>;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  if (field.type === 'select')
    return (
      <NativeSelect
        size="xs"
        label={field.label}
        value={value === undefined ? '' : String(value)}
        disabled={disabled || pending}
        data={[
          { value: '', label: t('dossier.none') },
          ...field.options.map((o) => ({ value: o, label: o })),
          // A stored value no longer among the options stays visible.
          ...(value !== undefined && !field.options.includes(String(value))
            ? [{ value: String(value), label: String(value) }]
            : []),
        ]}
        onChange={(e) => {
          const next = e.currentTarget.value;
          setPending(true);
          save(next || null)
            .then(() => setError(null), setError)
            .finally(() => setPending(false));
        }}
        error={errorText(error)}
      />
    );
  return (
    <InlineInput
      label={field.label}
      type={field.type}
      value={value === undefined ? '' : String(value)}
      disabled={disabled}
      onSave={(v) => {
        if (v === '') return save(null);
        if (field.type === 'number') {
          const n = Number(v.replace(',', '.'));
          return save(Number.isFinite(n) ? n : v);
        }
        return save(v);
      }}
    />
  );
}
