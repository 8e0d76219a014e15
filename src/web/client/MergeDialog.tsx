import { Alert, Button, Group, Modal, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient, type Query } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { callApi, toQuery, type Page } from '../api.ts';
import { useErrorText } from './InlineInput.tsx';
import { clientKey, markMergedAway } from './queries.ts';
import type { Client } from './types.ts';

const CHANGED_BY_MERGE = new Set([
  'clients',
  'client',
  'client-notes',
  'client-timeline',
  'client-conversations',
  'conversation',
  'conversations',
]);

/** "Merge a duplicate": find the other client, choose which one stays, confirm; then open the survivor. */
export function MergeButton({ client }: { client: Client }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (!client.abilities.merge) return null;
  return (
    <>
      <Button size="xs" variant="default" onClick={() => setOpen(true)}>
        {t('dossier.merge')}
      </Button>
      <Modal
        opened={open}
        onClose={() => setOpen(false)}
        title={t('dossier.merge.title')}
        size="lg"
      >
        {open && <MergeForm client={client} onDone={() => setOpen(false)} />}
      </Modal>
    </>
  );
}

function describeClient(c: Client) {
  return [c.company?.name, ...c.emails, ...c.phones].filter(Boolean).join(' · ');
}

function MergeForm({ client, onDone }: { client: Client; onDone: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [otherId, setOtherId] = useState<string | null>(null);
  const [keep, setKeep] = useState<'this' | 'other'>('this');
  const results = useQuery({
    queryKey: ['clients', 'merge', client.kind, q],
    queryFn: ({ signal }) =>
      callApi<Page<Client>>(
        'GET',
        `/clients${toQuery({ q, kind: client.kind, limit: 10 })}`,
        undefined,
        signal,
      ),
    enabled: q.length > 0,
  });
  const candidates = (results.data?.items ?? []).filter((c) => c.id !== client.id);
  const [chosen, setChosen] = useState<Client | null>(null);
  const other =
    candidates.find((c) => c.id === otherId) ?? (chosen?.id === otherId ? chosen : null);

  const merge = useMutation({
    mutationFn: ({ survivor, duplicate }: { survivor: string; duplicate: string }) =>
      callApi<Client>('POST', `/clients/${survivor}/merge`, { source_id: duplicate }),
    onSuccess: (survivor, { duplicate }) => {
      // The duplicate is gone: drop what was loaded about it rather than ask again (a 404).
      const aboutDuplicate = (q: Query) => q.queryKey.includes(duplicate);
      markMergedAway(duplicate);
      queryClient.removeQueries({ predicate: aboutDuplicate });
      queryClient.setQueryData(clientKey(survivor.id), survivor);
      onDone();
      void navigate(`/clients/${survivor.id}`);
      // Conversations, lists and the survivor's dossier changed.
      void queryClient.invalidateQueries({
        predicate: (q) => !aboutDuplicate(q) && CHANGED_BY_MERGE.has(String(q.queryKey[0])),
      });
    },
  });

  return (
    <Stack gap="sm">
      <Text size="sm">{t('dossier.merge.intro', { name: client.name })}</Text>
      <TextInput
        label={t('dossier.merge.search')}
        placeholder={t('dossier.merge.searchHint')}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        data-autofocus
      />
      {q && results.isSuccess && candidates.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('dossier.merge.nothing')}
        </Text>
      )}
      {candidates.length > 0 && (
        <Radio.Group
          label={t('dossier.merge.duplicate')}
          value={otherId}
          onChange={(id) => {
            setOtherId(id);
            setChosen(candidates.find((c) => c.id === id) ?? null);
          }}
        >
          <Stack gap={6} mt={6}>
            {candidates.map((c) => (
              <Radio
                key={c.id}
                value={c.id}
                label={c.name}
                description={describeClient(c) || undefined}
              />
            ))}
          </Stack>
        </Radio.Group>
      )}
      {other && (
        <Radio.Group
          label={t('dossier.merge.keep')}
          value={keep}
          onChange={(v) => setKeep(v as 'this' | 'other')}
        >
          <Stack gap={6} mt={6}>
            <Radio
              value="this"
              label={t('dossier.merge.keepThis', { name: client.name })}
              description={describeClient(client) || undefined}
            />
            <Radio
              value="other"
              label={t('dossier.merge.keepOther', { name: other.name })}
              description={describeClient(other) || undefined}
            />
          </Stack>
        </Radio.Group>
      )}
      {other && (
        <Alert color="orange" variant="light">
          {t('dossier.merge.warning', {
            survivor: keep === 'this' ? client.name : other.name,
            duplicate: keep === 'this' ? other.name : client.name,
          })}
        </Alert>
      )}
      {merge.error && (
        <Text size="sm" c="red" role="alert">
          {errorText(merge.error)}
        </Text>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('dossier.cancel')}
        </Button>
        <Button
          color="orange"
          disabled={!other}
          loading={merge.isPending}
          onClick={() =>
            other &&
            merge.mutate(
              keep === 'this'
                ? { survivor: client.id, duplicate: other.id }
                : { survivor: other.id, duplicate: client.id },
            )
          }
        >
          {t('dossier.merge.confirm')}
        </Button>
      </Group>
    </Stack>
  );
}
