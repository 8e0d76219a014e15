import { Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientQuestion } from './coach.ts';

/**
 * Before resolving: the client's questions from their last messages, each to
 * be confirmed as answered. Resolving waits until every one is ticked.
 */
export function QuestionsDialog({
  questions,
  resolving,
  onResolve,
  onClose,
}: {
  questions: readonly ClientQuestion[];
  resolving: boolean;
  onResolve: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [answered, setAnswered] = useState<ReadonlySet<string>>(new Set());
  const prefix = useId();
  const left = questions.filter((q) => !answered.has(q.key)).length;

  const toggle = (key: string, checked: boolean) =>
    setAnswered((current) => {
      const next = new Set(current);
      if (checked) next.add(key);
      else next.delete(key);
      return next;
    });

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('coach.questions.title')}
      closeButtonProps={{ 'aria-label': t('coach.close') }}
    >
      <Stack gap="sm">
        <Text size="sm">{t('coach.questions.intro', { count: questions.length })}</Text>
        <ol className="coach-questions">
          {questions.map((q, index) => (
            <li key={q.key}>
              <Text size="sm" id={`${prefix}-q${index}`} className="coach-question">
                {t('coach.quote', { text: q.text })}
              </Text>
              <Checkbox
                size="sm"
                label={t('coach.questions.answered')}
                aria-describedby={`${prefix}-q${index}`}
                checked={answered.has(q.key)}
                onChange={(e) => toggle(q.key, e.currentTarget.checked)}
                {...(index === 0 ? { 'data-autofocus': true } : {})}
              />
            </li>
          ))}
        </ol>
        <Text size="sm" c="dimmed" role="status">
          {left > 0 ? t('coach.questions.left', { count: left }) : t('coach.questions.allAnswered')}
        </Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('coach.questions.cancel')}
          </Button>
          <Button disabled={left > 0} loading={resolving} onClick={onResolve}>
            {t('coach.questions.resolve')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
