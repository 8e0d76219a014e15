/**
 * Promise extraction: the commitments an agent's reply makes, with their due
 * times. Shared by the composer (proposes a promise as the agent types) and
 * the server (proposes it again on send).
 */
export { extractPromises } from './extract.ts';
export { delayNotice, formatNoticeDate } from './notice.ts';
export { resolveDue, type DayPart, type DayRef, type TimeSpec } from './due.ts';
export {
  PROMISE_KINDS,
  type DueBasis,
  type ExtractOptions,
  type PromiseFinding,
  type PromiseKind,
} from './types.ts';
