import { Button, Group, Text, type MantineColor } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** The end of a dialog's form: the error its save left, if any, then Cancel and the submit button. */
export function DialogFooter(props: {
  error: Error | null;
  onCancel: () => void;
  cancelLabel: string;
  submitLabel: string;
  loading: boolean;
  submitColor?: MantineColor;
  /** Why submitting is not possible now (the submit button is disabled and described by it). */
  blockedNote?: { id: string; text: string };
  /** Another way to submit, before the submit button (e.g. a supervisor's "Send anyway"). */
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      {props.error && (
        <Text size="sm" c="red" role="alert">
          {t('common.error', { message: props.error.message })}
        </Text>
      )}
      {props.blockedNote && (
        <Text size="xs" c="red.9" id={props.blockedNote.id}>
          {props.blockedNote.text}
        </Text>
      )}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={props.onCancel}>
          {props.cancelLabel}
        </Button>
        {props.extra}
        <Button
          type="submit"
          color={props.submitColor}
          loading={props.loading}
          disabled={props.blockedNote !== undefined}
          aria-describedby={props.blockedNote?.id}
        >
          {props.submitLabel}
        </Button>
      </Group>
    </>
  );
}
