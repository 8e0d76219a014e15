import { Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../../shared/coach/index.ts';
import { DialogFooter } from '../DialogFooter.tsx';

/**
 * A supervisor sends a reply the coach blocks: the blocked words are listed
 * and a reason is asked for; the server records it on the conversation.
 */
export function CoachOverrideDialog({
  blocked,
  sending,
  error,
  onSend,
  onClose,
}: {
  blocked: readonly Finding[];
  sending: boolean;
  error: Error | null;
  onSend: (reason: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    onSend(reason.trim());
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('coach.override.title')}
      closeButtonProps={{ 'aria-label': t('coach.close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm">{t('coach.override.intro')}</Text>
          <ul className="coach-override-list">
            {blocked.map((f) => (
              <li key={`${f.ruleId}:${f.start}`}>
                <Text size="sm">
                  <strong>
                    {f.text ? t('coach.quote', { text: f.text }) : t(`coach.missing.${f.kind}`)}
                  </strong>
                  {' — '}
                  {f.explanation}
                </Text>
              </li>
            ))}
          </ul>
          <Textarea
            label={t('coach.override.reason')}
            description={t('coach.override.reasonHint')}
            autosize
            minRows={2}
            maxRows={5}
            maxLength={500}
            required
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              if (e.currentTarget.value.trim()) setMissing(false);
            }}
            error={missing ? t('coach.override.reasonRequired') : undefined}
            data-autofocus
          />
          <DialogFooter
            error={error}
            onCancel={onClose}
            cancelLabel={t('coach.override.cancel')}
            submitLabel={t('coach.override.submit')}
            submitColor="red"
            loading={sending}
          />
        </Stack>
      </form>
    </Modal>
  );
}
