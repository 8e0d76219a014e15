import { Alert, Blockquote, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DialogFooter } from '../DialogFooter.tsx';
import { describeDiscount, describeNotSent } from './discountText.ts';
import { useDecideDiscount, type DiscountDecision, type DiscountRequest } from './queries.ts';

/**
 * A supervisor approves a request (a comment is optional; the waiting reply
 * is sent as the requester) or denies it (the comment, which the requester
 * reads, is required). When the approved reply could not go, the dialog
 * stays open to say why.
 */
export function DecideDialog({
  request: r,
  action,
  onDecided,
  onClose,
}: {
  request: DiscountRequest;
  action: 'approve' | 'deny';
  /** As soon as it is decided, before the lists refresh. */
  onDecided?: (updated: DiscountRequest) => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const [notSent, setNotSent] = useState<string | null>(null);
  const decide = useDecideDiscount(r, (updated) => onDecided?.(updated));
  const approve = action === 'approve';
  const values = {
    discount: describeDiscount(r, t, i18n.language),
    client: r.client.name,
    name: r.requester.name,
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    e.stopPropagation();
    if (!approve && !comment.trim()) {
      setMissing(true);
      return;
    }
    decide.mutate(
      { action, ...(comment.trim() ? { comment: comment.trim() } : {}) },
      {
        onSuccess: (result) => {
          const reply = approve ? (result as DiscountDecision).reply : null;
          if (reply?.status === 'not_sent') setNotSent(describeNotSent(reply.reason, t));
          else onClose();
        },
      },
    );
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t(approve ? 'discounts.decide.approveTitle' : 'discounts.decide.denyTitle', values)}
      closeButtonProps={{ 'aria-label': t('discounts.close') }}
      size="lg"
    >
      {notSent ? (
        <Stack gap="sm">
          <Alert color="orange" role="alert" title={t('discounts.decide.approvedNotSent')}>
            {notSent}
          </Alert>
          <Group justify="flex-end">
            <Button onClick={onClose} data-autofocus>
              {t('discounts.close')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Text size="sm">
              {t('discounts.decide.reason', { name: r.requester.name, reason: r.reason })}
            </Text>
            {r.reply_text && (
              <div>
                <Text size="sm" fw={500} id={`decide-reply-${r.id}`}>
                  {t(approve ? 'discounts.decide.replyOnApprove' : 'discounts.decide.replyOnDeny', {
                    name: r.requester.name,
                  })}
                </Text>
                <Blockquote
                  p="xs"
                  mt={4}
                  className="discount-reply"
                  aria-labelledby={`decide-reply-${r.id}`}
                >
                  {r.reply_text}
                </Blockquote>
              </div>
            )}
            <Textarea
              label={t(
                approve ? 'discounts.decide.approveComment' : 'discounts.decide.denyComment',
                values,
              )}
              autosize
              minRows={2}
              maxRows={5}
              maxLength={1000}
              required={!approve}
              value={comment}
              onChange={(e) => {
                setComment(e.currentTarget.value);
                if (e.currentTarget.value.trim()) setMissing(false);
              }}
              error={missing ? t('discounts.decide.commentRequired') : undefined}
              data-autofocus
            />
            <DialogFooter
              error={decide.error}
              onCancel={onClose}
              cancelLabel={t('discounts.cancel')}
              submitLabel={t(
                approve
                  ? r.reply_text
                    ? 'discounts.decide.approveAndSend'
                    : 'discounts.decide.approve'
                  : 'discounts.decide.deny',
              )}
              submitColor={approve ? undefined : 'red'}
              loading={decide.isPending}
            />
          </Stack>
        </form>
      )}
    </Modal>
  );
}
