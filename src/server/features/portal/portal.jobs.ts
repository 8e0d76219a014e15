import type { JobDefinition } from '../../jobs/job-runner.ts';
import {
  AnswerNoticeJobData,
  PORTAL_ANSWER_NOTICE_JOB,
  sendAnswerNotice,
} from './portal-answer.service.ts';
import {
  PORTAL_SIGN_IN_LINK_JOB,
  purgeExpiredPortalSessions,
  sendSignInLink,
  SignInLinkJobData,
} from './portal-auth.service.ts';

/** portal.sign_in_link: emails a one-time sign-in link, when the address is a client's. */
export const portalSignInLinkJob: JobDefinition = {
  name: PORTAL_SIGN_IN_LINK_JOB,
  // A link is wanted now: retry soon (10 s, 20 s, 40 s), then give up.
  retryLimit: 3,
  retryDelaySeconds: 10,
  retryBackoff: true,
  async handle(deps, data) {
    const outcome = await sendSignInLink(
      { db: deps.database.db, secrets: deps.secrets, now: deps.now, log: deps.log },
      SignInLinkJobData.parse(data),
    );
    deps.log.info({ outcome }, 'portal sign-in link');
  },
};

/** portal.answer_notice: emails a portal client that an answer to their request waits. */
export const portalAnswerNoticeJob: JobDefinition = {
  name: PORTAL_ANSWER_NOTICE_JOB,
  retryLimit: 4,
  retryDelaySeconds: 30,
  retryBackoff: true,
  async handle(deps, data) {
    const outcome = await sendAnswerNotice(
      { db: deps.database.db, secrets: deps.secrets, now: deps.now, log: deps.log },
      AnswerNoticeJobData.parse(data),
    );
    deps.log.info({ outcome }, 'portal answer notice');
  },
};

/** Daily: forgets expired portal sessions and sign-in links older than a day. */
export const portalSweepJob: JobDefinition = {
  name: 'portal.sweep_expired',
  cron: '41 3 * * *',
  policy: 'stately',
  async handle(deps) {
    await purgeExpiredPortalSessions(deps.database.db, deps.now());
  },
};
