import { Group, NativeSelect, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api.ts';
import { LANGUAGES, LANGUAGE_NAMES, type AppLanguage } from '../../i18n/index.ts';
import {
  ConfirmDelete,
  fieldError,
  FormError,
  FormFooter,
  QueryState,
  useAdminList,
} from '../ui.tsx';
import type { JargonTerm } from './types.ts';

const LIST_KEY = 'coach-jargon';

/** The workspace's jargon list: words clients may not know, with the plain words to say. */
export function CoachJargonPanel() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const terms = useAdminList<JargonTerm>(LIST_KEY, '/coach/jargon?limit=100');
  const [q, setQ] = useState('');
  // The composer reads the jargon with each conversation's coach context.
  const changed = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['admin', LIST_KEY] }),
      queryClient.invalidateQueries({ queryKey: ['coach-context'] }),
    ]);
  const needle = q.trim().toLowerCase();
  const shown = (terms.data ?? []).filter(
    (j) =>
      !needle ||
      j.term.toLowerCase().includes(needle) ||
      (j.plain ?? '').toLowerCase().includes(needle),
  );
  return (
    <Stack>
      <Text size="sm" c="dimmed" maw={760}>
        {t('coachAdmin.jargon.intro')}
      </Text>
      <JargonForm onDone={changed} />
      <TextInput
        label={t('coachAdmin.search')}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        w={240}
      />
      <QueryState query={terms}>
        {shown.length === 0 ? (
          <Text c="dimmed">{t('coachAdmin.jargon.none')}</Text>
        ) : (
          <Table striped aria-label={t('coachAdmin.tab.jargon')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('coachAdmin.jargon.term')}</Table.Th>
                <Table.Th>{t('coachAdmin.jargon.plain')}</Table.Th>
                <Table.Th>{t('coachAdmin.language')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((term) => (
                <JargonRow key={term.id} term={term} onRemoved={changed} />
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
    </Stack>
  );
}

function JargonRow({ term, onRemoved }: { term: JargonTerm; onRemoved: () => unknown }) {
  const { t } = useTranslation();
  const remove = useMutation({
    mutationFn: () => callApi('DELETE', `/coach/jargon/${term.id}`),
    onSuccess: onRemoved,
  });
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={600}>
          {term.term}
        </Text>
        <FormError error={remove.error} />
      </Table.Td>
      <Table.Td>{term.plain ?? '—'}</Table.Td>
      <Table.Td>
        {term.language ? LANGUAGE_NAMES[term.language] : t('coachAdmin.jargon.anyLanguage')}
      </Table.Td>
      <Table.Td>
        <Group justify="flex-end">
          {term.abilities.delete && (
            <ConfirmDelete
              label={t('coachAdmin.jargon.remove')}
              question={t('coachAdmin.jargon.removeQuestion', { term: term.term })}
              onConfirm={() => remove.mutate()}
              loading={remove.isPending}
            />
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function JargonForm({ onDone }: { onDone: () => unknown }) {
  const { t } = useTranslation();
  const [term, setTerm] = useState('');
  const [plain, setPlain] = useState('');
  const [language, setLanguage] = useState<AppLanguage | ''>('');
  const save = useMutation({
    mutationFn: () =>
      callApi<JargonTerm>('POST', '/coach/jargon', {
        term,
        plain: plain.trim() || null,
        language: language || null,
      }),
    onSuccess: async () => {
      setTerm('');
      setPlain('');
      await onDone();
    },
  });
  return (
    <Paper withBorder p="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="sm">
          <Group align="flex-start">
            <TextInput
              label={t('coachAdmin.jargon.term')}
              description={t('coachAdmin.jargon.termHelp')}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              required
              maxLength={120}
              value={term}
              onChange={(e) => setTerm(e.currentTarget.value)}
              error={fieldError(save.error, 'term')}
              w={220}
            />
            <TextInput
              label={t('coachAdmin.jargon.plain')}
              maxLength={200}
              value={plain}
              onChange={(e) => setPlain(e.currentTarget.value)}
              error={fieldError(save.error, 'plain')}
              style={{ flex: 1, minWidth: 200 }}
            />
            <NativeSelect
              label={t('coachAdmin.language')}
              value={language}
              onChange={(e) => setLanguage(e.currentTarget.value as AppLanguage | '')}
              data={[
                { value: '', label: t('coachAdmin.jargon.anyLanguage') },
                ...LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] })),
              ]}
              error={fieldError(save.error, 'language')}
            />
          </Group>
          <FormFooter
            error={save.error}
            fields={['term', 'plain', 'language']}
            loading={save.isPending}
            label={t('coachAdmin.jargon.add')}
          />
        </Stack>
      </form>
    </Paper>
  );
}
