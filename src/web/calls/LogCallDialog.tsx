import {
  Group,
  Modal,
  NativeSelect,
  NumberInput,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Call as CallSchema } from '../../shared/api/calls.ts';
import { ApiError, callApi } from '../api.ts';
import { DialogFooter } from '../DialogFooter.tsx';

export type Call = z.infer<typeof CallSchema>;

const OUTCOMES = ['answered', 'no_answer', 'busy', 'voicemail', 'failed'] as const;

/**
 * Logging a call with a client: direction, number (the client's by default),
 * duration, outcome, notes. From a conversation, the call joins it; from the
 * client's dossier, the server links it to their open phone conversation, if any.
 */
export function LogCallDialog({
  client: who,
  conversationId,
  onClose,
}: {
  client: { id: string; name: string };
  conversationId?: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const client = useQuery({
    queryKey: ['client', who.id],
    queryFn: ({ signal }) =>
      callApi<{ phones: string[] }>('GET', `/clients/${who.id}`, undefined, signal),
  });
  const [direction, setDirection] = useState<'inbound' | 'outbound'>('outbound');
  const [phone, setPhone] = useState('');
  const [phoneTouched, setPhoneTouched] = useState(false);
  const [minutes, setMinutes] = useState<number | string>(0);
  const [outcome, setOutcome] = useState<string>('answered');
  const [notes, setNotes] = useState('');
  const [missing, setMissing] = useState<Record<string, string>>({});

  const knownPhone = client.data?.phones[0];
  useEffect(() => {
    if (knownPhone && !phoneTouched) setPhone(knownPhone);
  }, [knownPhone, phoneTouched]);

  const log = useMutation({
    mutationFn: (body: Record<string, unknown>) => callApi<Call>('POST', '/calls', body),
    onSuccess: async (call) => {
      const conversation = call.conversation?.id;
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['calls'] }),
        queryClient.invalidateQueries({ queryKey: ['client-timeline', who.id] }),
        conversation && queryClient.invalidateQueries({ queryKey: ['events', conversation] }),
        conversation && queryClient.invalidateQueries({ queryKey: ['conversation', conversation] }),
      ]);
      onClose();
    },
  });
  const serverFields = log.error instanceof ApiError ? log.error.fields : {};
  const fieldError = (field: string) => missing[field] ?? serverFields[field];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!phone.trim()) problems.phone = t('calls.phoneRequired');
    setMissing(problems);
    if (Object.keys(problems).length) return;
    log.mutate({
      client_id: who.id,
      ...(conversationId ? { conversation_id: conversationId } : {}),
      direction,
      phone: phone.trim(),
      duration_seconds: Math.round((Number(minutes) || 0) * 60),
      outcome,
      notes: notes.trim(),
    });
  };

  return (
    <Modal opened onClose={onClose} title={t('calls.dialog.title', { client: who.name })}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <div>
            <Text size="sm" fw={500} mb={4} id="call-direction-label">
              {t('calls.direction')}
            </Text>
            <SegmentedControl
              aria-labelledby="call-direction-label"
              value={direction}
              onChange={(v) => setDirection(v as 'inbound' | 'outbound')}
              data={[
                { value: 'outbound', label: t('calls.direction.outbound') },
                { value: 'inbound', label: t('calls.direction.inbound') },
              ]}
            />
          </div>
          <TextInput
            label={t('calls.phone')}
            type="tel"
            autoComplete="off"
            maxLength={40}
            value={phone}
            onChange={(e) => {
              setPhoneTouched(true);
              setPhone(e.currentTarget.value);
            }}
            error={fieldError('phone')}
            data-autofocus
          />
          <Group grow align="flex-start">
            <NumberInput
              label={t('calls.duration')}
              min={0}
              max={1440}
              step={1}
              decimalScale={1}
              value={minutes}
              onChange={setMinutes}
              error={fieldError('duration_seconds')}
            />
            <NativeSelect
              label={t('calls.outcome')}
              data={OUTCOMES.map((o) => ({ value: o, label: t(`calls.outcome.${o}`) }))}
              value={outcome}
              onChange={(e) => setOutcome(e.currentTarget.value)}
              error={fieldError('outcome')}
            />
          </Group>
          <Textarea
            label={t('calls.notes')}
            autosize
            minRows={2}
            maxRows={6}
            maxLength={5000}
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
            error={fieldError('notes')}
          />
          <DialogFooter
            error={log.error}
            onCancel={onClose}
            cancelLabel={t('calls.cancel')}
            submitLabel={t('calls.save')}
            loading={log.isPending}
          />
        </Stack>
      </form>
    </Modal>
  );
}
