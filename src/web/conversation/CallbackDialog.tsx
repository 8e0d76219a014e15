import { Group, Modal, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, callApi, type Callback, type Conversation } from '../api.ts';
import { useSession } from '../session.ts';
import { useActiveUsers } from './directory.ts';
import { useInvalidateConversation } from './invalidate.ts';
import { DialogFooter } from '../DialogFooter.tsx';

const QUARTER = 15 * 60_000;

/** "YYYY-MM-DDTHH:mm" in local time, what a datetime-local input holds. */
function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(
    date.getHours(),
  )}:${pad(date.getMinutes())}`;
}

/** An hour from now, on the next quarter hour. */
function defaultStart(): string {
  return toLocalInput(new Date(Math.ceil((Date.now() + 60 * 60_000) / QUARTER) * QUARTER));
}

/** Offering a callback: the number (the client's phone by default), when, who calls, a note. */
export function CallbackDialog({
  conversation: c,
  onClose,
}: {
  conversation: Conversation;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const me = useSession().data?.user;
  const users = useActiveUsers();
  const queryClient = useQueryClient();
  const invalidate = useInvalidateConversation(c.id);
  const client = useQuery({
    queryKey: ['client', c.client.id],
    queryFn: ({ signal }) =>
      callApi<{ phones: string[] }>('GET', `/clients/${c.client.id}`, undefined, signal),
  });
  const [phone, setPhone] = useState('');
  const [phoneTouched, setPhoneTouched] = useState(false);
  const [from, setFrom] = useState(defaultStart);
  const [until, setUntil] = useState('');
  const [responsible, setResponsible] = useState<string | null>(me?.id ?? null);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState<Record<string, string>>({});

  // The client's phone fills the number once known, unless the agent typed one already.
  const knownPhone = client.data?.phones[0];
  useEffect(() => {
    if (knownPhone && !phoneTouched) setPhone(knownPhone);
  }, [knownPhone, phoneTouched]);

  const offer = useMutation({
    mutationFn: (body: Record<string, unknown>) => callApi<Callback>('POST', '/callbacks', body),
    onSuccess: async () => {
      await Promise.all([invalidate(), queryClient.invalidateQueries({ queryKey: ['callbacks'] })]);
      onClose();
    },
  });
  const serverFields = offer.error instanceof ApiError ? offer.error.fields : {};
  const fieldError = (field: string) => missing[field] ?? serverFields[field];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!phone.trim()) problems.phone = t('callback.phoneRequired');
    if (!from) problems.window_start = t('callback.whenRequired');
    if (from && until && new Date(until) < new Date(from))
      problems.window_end = t('callback.untilBeforeFrom');
    setMissing(problems);
    if (Object.keys(problems).length) return;
    offer.mutate({
      conversation_id: c.id,
      phone: phone.trim(),
      window_start: new Date(from).toISOString(),
      ...(until ? { window_end: new Date(until).toISOString() } : {}),
      ...(responsible ? { responsible_id: responsible } : {}),
      note: note.trim(),
    });
  };

  const people = (users.data ?? []).map((u) => ({
    value: u.id,
    label: u.id === me?.id ? t('callback.me', { name: u.name }) : u.name,
  }));

  return (
    <Modal opened onClose={onClose} title={t('callback.title', { client: c.client.name })}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t('callback.phone')}
            type="tel"
            autoComplete="off"
            maxLength={40}
            value={phone}
            onChange={(e) => {
              setPhoneTouched(true);
              setPhone(e.currentTarget.value);
            }}
            description={client.isSuccess && !knownPhone ? t('callback.noPhone') : undefined}
            error={fieldError('phone')}
            data-autofocus
          />
          <Group grow align="flex-start">
            <TextInput
              label={t('callback.from')}
              type="datetime-local"
              value={from}
              onChange={(e) => setFrom(e.currentTarget.value)}
              error={fieldError('window_start')}
            />
            <TextInput
              label={t('callback.until')}
              type="datetime-local"
              value={until}
              min={from}
              onChange={(e) => setUntil(e.currentTarget.value)}
              error={fieldError('window_end')}
            />
          </Group>
          <Select
            label={t('callback.responsible')}
            searchable
            data={people}
            value={responsible}
            onChange={setResponsible}
            allowDeselect={false}
            error={fieldError('responsible_id')}
          />
          <Textarea
            label={t('callback.note')}
            placeholder={t('callback.notePlaceholder')}
            autosize
            minRows={2}
            maxRows={6}
            maxLength={2000}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={fieldError('note')}
          />
          <DialogFooter
            error={offer.error}
            onCancel={onClose}
            cancelLabel={t('callback.cancel')}
            submitLabel={t('callback.submit')}
            loading={offer.isPending}
          />
        </Stack>
      </form>
    </Modal>
  );
}
