import { Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { delayNotice } from '../../shared/promises/notice.ts';
import { ApiError } from '../api.ts';
import { DialogFooter } from '../DialogFooter.tsx';
import { formatFullTime, formatInZone, zoneLabel } from '../format.ts';
import { LANGUAGE_NAMES } from '../i18n/index.ts';
import {
  fromLocalInput,
  toLocalInput,
  usePromiseAction,
  useWorkspaceTimeZone,
  type ClientPromise,
} from './queries.ts';

const HOUR = 3_600_000;

/** A language's name in the agent's language ("Spanish"), else in itself ("Español"). */
function languageName(code: ClientPromise['client']['language'], uiLanguage: string): string {
  try {
    return (
      new Intl.DisplayNames([uiLanguage], { type: 'language' }).of(code) ?? LANGUAGE_NAMES[code]
    );
  } catch {
    return LANGUAGE_NAMES[code];
  }
}

/** A first new date: an hour later for a promise due within two hours, else a day later. */
function suggestedDue(p: ClientPromise, now: number): number {
  const due = new Date(p.due_at).getTime();
  return due + (due - now <= 2 * HOUR ? HOUR : 24 * HOUR);
}

/**
 * "Tell the client about a delay": a new date and the notice the client
 * receives, prefilled in the client's language with that date (rewritten as
 * the date changes, until the agent edits it), sent as a reply on the
 * conversation's channel; the promise is then due at the new date.
 */
export function DelayDialog({
  promise: p,
  onClose,
}: {
  promise: ClientPromise;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  // The new date is a wall time in the workspace's zone, as promises are shown everywhere.
  const timeZone = useWorkspaceTimeZone();
  const [picked, setDue] = useState<string | null>(null);
  const due = picked ?? toLocalInput(suggestedDue(p, Date.now()), timeZone);
  const [edited, setEdited] = useState<string | null>(null);
  const delay = usePromiseAction(p);
  const dueAt = fromLocalInput(due, timeZone);
  const zone = timeZone ? zoneLabel(timeZone, i18n.language) : null;
  const prefilled = dueAt
    ? delayNotice({
        kind: p.kind,
        language: p.client.language,
        timeZone: p.client.time_zone,
        dueAt,
      })
    : '';
  const text = edited ?? prefilled;
  const fields = delay.error instanceof ApiError ? delay.error.fields : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    delay.mutate(
      { action: 'delay', body: { due_at: dueAt ?? due, body_text: text } },
      { onSuccess: onClose },
    );
  };
  return (
    <Modal opened onClose={onClose} title={t('promises.delay.title')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm">
            {t('promises.delay.about', {
              text: p.text,
              when: timeZone
                ? formatInZone(p.due_at, i18n.language, timeZone)
                : formatFullTime(p.due_at, i18n.language),
            })}
          </Text>
          <TextInput
            label={t('promises.delay.newDue')}
            description={zone && t('promises.inZone', { zone })}
            type="datetime-local"
            required
            value={due}
            onChange={(e) => setDue(e.currentTarget.value)}
            error={fields.due_at}
            data-autofocus
          />
          <Textarea
            label={t('promises.delay.notice')}
            description={t('promises.delay.noticeHelp', {
              client: p.client.name,
              language: languageName(p.client.language, i18n.language),
            })}
            autosize
            minRows={3}
            maxLength={5000}
            value={text}
            onChange={(e) => setEdited(e.currentTarget.value)}
            error={fields.body_text}
          />
          <DialogFooter
            error={delay.error && Object.keys(fields).length === 0 ? delay.error : null}
            onCancel={onClose}
            cancelLabel={t('promises.cancel')}
            submitLabel={t('promises.delay.send')}
            loading={delay.isPending}
          />
        </Stack>
      </form>
    </Modal>
  );
}
