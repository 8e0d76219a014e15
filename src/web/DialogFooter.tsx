import { Button, Group, Text, type MantineColor } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The end of a dialog's form: the error its save left, if any, then Cancel and the submit button. */
export function DialogFooter(props: {
  error: Error | null;
  onCancel: () => void;
  cancelLabel: string;
  submitLabel: string;
  loading: boolean;
  submitColor?: MantineColor;
}) {
  const { t } = useTranslation();
  return (
    <>
      {props.error && (
        <Text size="sm" c="red" role="alert">
          {t('common.error', { message: props.error.message })}
        </Text>
      )}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={props.onCancel}>
          {props.cancelLabel}
        </Button>
        <Button type="submit" color={props.submitColor} loading={props.loading}>
          {props.submitLabel}
        </Button>
      </Group>
    </>
  );
}
