import { ActionIcon, Anchor, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../api.ts';
import { useErrorText } from './InlineInput.tsx';
import { useClientChanged } from './queries.ts';
import type { Client } from './types.ts';

type Kind = 'email' | 'phone';

/** The client's emails and phones: each can be removed, new ones added (unique in the workspace). */
export function Identities({ client }: { client: Client }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const changed = useClientChanged();
  const [value, setValue] = useState('');
  const add = useMutation({
    mutationFn: (body: { kind: Kind; value: string }) =>
      callApi<Client>('POST', `/clients/${client.id}/identities`, body),
    onSuccess: (updated) => {
      changed(updated, client.id);
      setValue('');
    },
  });
  const remove = useMutation({
    mutationFn: (identityId: string) =>
      callApi<void>('DELETE', `/clients/${client.id}/identities/${identityId}`),
    onSuccess: () => changed(undefined, client.id),
  });
  const editable = client.abilities.update;
  const identities = client.identities.filter((i) => i.kind !== 'chat');

  return (
    <Stack gap={6}>
      {identities.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('dossier.noIdentities')}
        </Text>
      )}
      <ul className="plain-list" aria-label={t('dossier.identities')}>
        {identities.map((i) => (
          <li key={i.id}>
            <Group gap={6} wrap="nowrap" justify="space-between">
              <Text size="sm" truncate>
                <Text span size="xs" c="dimmed" mr={6}>
                  {t(`dossier.identity.${i.kind}`)}
                </Text>
                <Anchor href={`${i.kind === 'email' ? 'mailto' : 'tel'}:${i.value}`} inherit>
                  {i.value}
                </Anchor>
              </Text>
              {editable && (
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="sm"
                  aria-label={t('dossier.removeIdentity', { value: i.value })}
                  loading={remove.isPending && remove.variables === i.id}
                  onClick={() => remove.mutate(i.id)}
                >
                  ×
                </ActionIcon>
              )}
            </Group>
          </li>
        ))}
      </ul>
      {remove.error && (
        <Text size="xs" c="red" role="alert">
          {errorText(remove.error)}
        </Text>
      )}
      {editable && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const v = value.trim();
            // An "@" makes it an email; anything else is taken for a phone number.
            if (v) add.mutate({ kind: v.includes('@') ? 'email' : 'phone', value: v });
          }}
        >
          <Group gap={6} align="flex-start" wrap="nowrap">
            <TextInput
              size="xs"
              style={{ flex: 1, minWidth: 0 }}
              aria-label={t('dossier.newIdentity')}
              placeholder={t('dossier.newIdentity')}
              value={value}
              onChange={(e) => setValue(e.currentTarget.value)}
              error={errorText(add.error)}
            />
            <Button size="xs" variant="light" type="submit" loading={add.isPending}>
              {t('dossier.addIdentity')}
            </Button>
          </Group>
        </form>
      )}
    </Stack>
  );
}
