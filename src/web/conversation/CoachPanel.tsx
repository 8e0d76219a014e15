import { Badge, Button, Text, VisuallyHidden } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Finding, Policy } from '../../shared/coach/index.ts';
import type { CoachCheck } from './coach.ts';

const BADGE_COLOR: Record<Policy, string> = { block: 'red', warn: 'orange', hint: 'blue' };

/**
 * The coach's findings under the composer: what was found, why it hurts, the
 * better wording and a button that puts it in. The summary line is a polite
 * live region, so a screen reader hears when the reply becomes blocked or
 * clear, not every keystroke.
 */
export function CoachPanel({
  check,
  canOverride,
  onApply,
}: {
  check: CoachCheck | null;
  canOverride: boolean;
  onApply: (finding: Finding) => void;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const findings = check?.findings ?? [];
  const policy = check?.policy ?? null;
  const summary =
    policy === 'block'
      ? t(canOverride ? 'coach.summary.blockSupervisor' : 'coach.summary.block')
      : policy === 'warn'
        ? t('coach.summary.warn')
        : policy === 'hint'
          ? t('coach.summary.hint')
          : '';

  return (
    <section
      className={`coach-panel ${findings.length ? '' : 'coach-panel-empty'}`}
      aria-labelledby={titleId}
    >
      <VisuallyHidden component="h3" id={titleId}>
        {t('coach.panel.title')}
      </VisuallyHidden>
      <Text
        size="sm"
        fw={600}
        className={`coach-summary ${policy ? `coach-summary-${policy}` : ''}`}
        role="status"
      >
        {summary}
      </Text>
      {findings.length > 0 && (
        <ul className="coach-findings">
          {findings.map((f) => (
            <li
              key={`${f.ruleId}:${f.start}:${f.end}`}
              className={`coach-finding coach-${f.policy}`}
            >
              <Badge size="sm" variant="light" color={BADGE_COLOR[f.policy]}>
                {t(`coach.policy.${f.policy}`)}
              </Badge>
              <div className="coach-finding-body">
                <Text size="sm" fw={600}>
                  {f.text ? t('coach.quote', { text: f.text }) : t(`coach.missing.${f.kind}`)}
                </Text>
                <Text size="sm">{f.explanation}</Text>
                {f.rewrite && (
                  <Text size="sm" c="dimmed">
                    {t('coach.better', { text: f.rewrite })}
                  </Text>
                )}
                {f.replace && (
                  <Button
                    mt={4}
                    size="compact-sm"
                    variant="light"
                    onClick={() => onApply(f)}
                    aria-label={
                      f.text
                        ? t('coach.useWordingFor', { text: f.text })
                        : t('coach.useWordingMissing', { what: t(`coach.missing.${f.kind}`) })
                    }
                  >
                    {t('coach.useWording')}
                  </Button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
