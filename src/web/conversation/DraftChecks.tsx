// What a message to a client is checked for as it is typed, the same in the
// conversation's composer and in the New conversation form: the reply coach
// (underlines, explanations, one-click rewrites, blocks), the discount held
// against the writer's authority and the promises it makes. The server checks
// the same things again on send.
import type { RefObject, ReactNode } from 'react';
import type { Finding } from '../../shared/coach/index.ts';
import { DiscountNotice, useDraftDiscount } from '../discounts/ComposerDiscount.tsx';
import { approvalRequired, type DiscountOverLimit } from '../discounts/queries.ts';
import { PromisePreview, usePromisePreview } from '../promises/PromisePreview.tsx';
import { applyFinding, useCoach, type CoachTarget } from './coach.ts';
import { CoachHighlights } from './CoachHighlights.tsx';
import { CoachPanel } from './CoachPanel.tsx';
import './coach.css';

/**
 * The draft's checks. `sent` is the last send: its text and error, so a
 * discount refused on send stays shown while the text is the one refused.
 */
export function useDraftChecks(
  target: CoachTarget,
  text: string,
  active: boolean,
  sent: { text: string | undefined; error: Error | null },
) {
  const conversationId = 'conversationId' in target ? target.conversationId : undefined;
  const coach = useCoach(target, text, active);
  const discount = useDraftDiscount(conversationId, text, active);
  const promises = usePromisePreview(conversationId, text, active);
  const refusedDiscount = sent.text === text ? approvalRequired(sent.error) : undefined;
  return {
    active,
    coach,
    blocked: active && coach.result?.policy === 'block',
    canOverride: coach.context?.abilities.override ?? false,
    /** Blocked as the text is now, not as the last deferred check saw it (Ctrl+Enter right after typing). */
    blocksNow: (value: string) => active && coach.checkNow(value)?.policy === 'block',
    blockingFindings: coach.result?.findings.filter((f) => f.policy === 'block') ?? [],
    promises,
    approval: discount.approval,
    refusedDiscount,
    overDiscount: refusedDiscount ?? discount.over,
    /** The text after "use this wording", and where the caret goes; null when it no longer applies. */
    rewrite(current: string, finding: Finding) {
      if (!coach.result || !coach.engine) return null;
      return applyFinding(coach.engine, current, finding, coach.result.text, coach.checkNow);
    },
  };
}

export type DraftCheckState = ReturnType<typeof useDraftChecks>;

/** The textarea's input with the coach's underlines over it (a Mantine `inputContainer`). */
export function withCoachHighlights(
  checks: DraftCheckState,
  textarea: RefObject<HTMLTextAreaElement | null>,
  text: string,
) {
  return (children: ReactNode) => (
    <div className="coach-input">
      {children}
      {checks.active && checks.coach.result && (
        <CoachHighlights textarea={textarea} text={text} findings={checks.coach.result.findings} />
      )}
    </div>
  );
}

/**
 * Under the draft: the coach's findings, the promises it makes and the
 * discount above the writer's authority (hidden with `hideDiscount` while the
 * form asks for it another way).
 */
export function DraftCheckNotes({
  checks,
  onApply,
  onAskDiscount,
  hideDiscount = false,
}: {
  checks: DraftCheckState;
  onApply: (finding: Finding) => void;
  onAskDiscount: (over: DiscountOverLimit) => void;
  hideDiscount?: boolean;
}) {
  if (!checks.active) return null;
  const over = checks.overDiscount;
  return (
    <>
      <CoachPanel check={checks.coach.result} canOverride={checks.canOverride} onApply={onApply} />
      <PromisePreview findings={checks.promises.findings} timeZone={checks.promises.timeZone} />
      {over && !hideDiscount && (
        <DiscountNotice
          over={over}
          refused={checks.refusedDiscount !== undefined}
          approval={checks.approval}
          onAsk={() => onAskDiscount(over)}
        />
      )}
    </>
  );
}
