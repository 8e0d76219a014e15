import { Button, Group, Modal, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, callApi } from '../api.ts';
import { LANGUAGES, LANGUAGE_NAMES } from '../i18n/index.ts';
import type { Client } from './types.ts';

interface Draft {
  name: string;
  kind: 'person' | 'company';
  email: string;
  phone: string;
  language: string;
}

const EMPTY: Draft = { name: '', kind: 'person', email: '', phone: '', language: '' };

/** "New client": a person or company with an email and a phone; opens its page once created. */
export function NewClientButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t('client.new')}</Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('client.new')}>
        {open && <NewClientForm onClose={() => setOpen(false)} />}
      </Modal>
    </>
  );
}

function NewClientForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const create = useMutation({
    mutationFn: (d: Draft) =>
      callApi<Client>('POST', '/clients', {
        name: d.name.trim(),
        kind: d.kind,
        emails: d.email.trim() ? [d.email.trim()] : [],
        phones: d.phone.trim() ? [d.phone.trim()] : [],
        ...(d.language ? { language: d.language } : {}),
      }),
    onSuccess: (client) => {
      void queryClient.invalidateQueries({ queryKey: ['clients'] });
      onClose();
      void navigate(`/clients/${client.id}`);
    },
  });
  const fields = create.error instanceof ApiError ? create.error.fields : {};
  const fieldError = (...keys: string[]) => keys.map((k) => fields[k]).find(Boolean);
  const otherError =
    create.error && Object.keys(fields).length === 0
      ? t('common.error', { message: create.error.message })
      : undefined;

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(draft);
      }}
    >
      <Stack gap="sm">
        <TextInput
          label={t('dossier.name')}
          required
          data-autofocus
          value={draft.name}
          onChange={(e) => set({ name: e.currentTarget.value })}
          error={fieldError('name') ?? otherError}
        />
        <NativeSelect
          label={t('dossier.kind')}
          value={draft.kind}
          data={[
            { value: 'person', label: t('dossier.kind.person') },
            { value: 'company', label: t('dossier.kind.company') },
          ]}
          onChange={(e) => set({ kind: e.currentTarget.value as Draft['kind'] })}
        />
        <TextInput
          label={t('dossier.identity.email')}
          type="email"
          value={draft.email}
          onChange={(e) => set({ email: e.currentTarget.value })}
          error={fieldError('emails.0', 'emails')}
        />
        <TextInput
          label={t('dossier.identity.phone')}
          type="tel"
          value={draft.phone}
          onChange={(e) => set({ phone: e.currentTarget.value })}
          error={fieldError('phones.0', 'phones')}
        />
        <NativeSelect
          label={t('dossier.language')}
          value={draft.language}
          data={[
            { value: '', label: t('dossier.none') },
            ...LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] })),
          ]}
          onChange={(e) => set({ language: e.currentTarget.value })}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('dossier.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('client.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
