import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Email } from '../../../shared/api/clients.ts';
import {
  isLinkUsable,
  LINK_TTL_MINUTES,
  requestSignInLink,
  signInWithLink,
  signOut,
} from './portal-auth.service.ts';
import {
  clearSessionCookie,
  formField,
  PORTAL_COOKIE,
  safeNext,
  seeOther,
  sendPage,
  setSessionCookie,
  workspaceOf,
} from './portal-http.ts';
import type { PortalOptions } from './portal.routes.ts';
import {
  confirmLinkPage,
  linkSentPage,
  signInPage,
  type SignInNotice,
} from './pages/sign-in.pages.ts';

export const WorkspaceParams = z.object({ workspace: z.string().min(1).max(100) });

const HomeQuery = z.object({
  notice: z.enum(['signed_out', 'sign_in_first']).optional().catch(undefined),
  next: z.string().max(500).optional().catch(undefined),
  lang: z.string().max(10).optional(),
});

const LinkQuery = z.object({
  token: z.string().max(200).optional().catch(undefined),
  next: z.string().max(500).optional().catch(undefined),
  lang: z.string().max(10).optional(),
});

/** Link requests per address and portal: enough for a client, too few to mail-bomb anyone. */
export const SIGN_IN_REQUESTS_PER_IP = 10;
export const SIGN_IN_WINDOW_MS = 15 * 60_000;

/** The portal's front door: the email form, asking for a link, using it, signing out. */
export function registerPortalAuthRoutes(scope: FastifyInstance, options: PortalOptions) {
  const r = scope.withTypeProvider<ZodTypeProvider>();
  const originOf = (protocol: string, host: string) =>
    options.publicUrl?.replace(/\/+$/, '') ?? new URL(`${protocol}://${host}`).origin;
  if (!options.publicUrl) {
    scope.log.debug('RAPPORT_PUBLIC_URL is not set: sign-in links use the Host of each request');
  }

  r.get(
    '/:workspace/',
    {
      schema: { hide: true, params: WorkspaceParams, querystring: HomeQuery },
      config: { portal: { access: 'public' } },
    },
    async (req, reply) => {
      const { base, session } = req.portal;
      if (session) return seeOther(reply, `${base}/requests`);
      return sendPage(req, reply, (pc) =>
        signInPage(pc, {
          notice: req.query.notice as SignInNotice | undefined,
          next: safeNext(base, req.query.next),
        }),
      );
    },
  );

  r.post(
    '/:workspace/sign-in',
    {
      schema: { hide: true, params: WorkspaceParams },
      config: {
        portal: { access: 'public' },
        // Per address and portal; the job limits links per client address on top.
        rateLimit: {
          max: SIGN_IN_REQUESTS_PER_IP,
          timeWindow: SIGN_IN_WINDOW_MS,
          keyGenerator: (req) =>
            `portal-link|${req.ip}|${(req.params as { workspace?: string }).workspace ?? ''}`,
        },
      },
    },
    async (req, reply) => {
      const workspace = workspaceOf(req);
      const raw = formField(req.body, 'email').trim();
      const next = safeNext(req.portal.base, formField(req.body, 'next'));
      const email = Email.safeParse(raw);
      if (!email.success) {
        return sendPage(
          req,
          reply,
          (pc) =>
            signInPage(pc, {
              email: raw,
              next,
              error: raw ? pc.t('signIn.invalidEmail') : pc.t('signIn.emailMissing'),
            }),
          400,
        );
      }
      await requestSignInLink(workspace.ctx, {
        email: email.data,
        language: req.portal.language,
        origin: originOf(req.protocol, req.host),
        next,
      });
      return sendPage(req, reply, (pc) => linkSentPage(pc, email.data, LINK_TTL_MINUTES));
    },
  );

  r.get(
    '/:workspace/sign-in/link',
    {
      schema: { hide: true, params: WorkspaceParams, querystring: LinkQuery },
      config: { portal: { access: 'public' } },
    },
    async (req, reply) => {
      const workspace = workspaceOf(req);
      const token = req.query.token ?? '';
      const next = safeNext(req.portal.base, req.query.next);
      // Looking does not use the link up: mail scanners open links too.
      if (!(await isLinkUsable(workspace.ctx, token))) {
        return sendPage(req, reply, (pc) => signInPage(pc, { notice: 'link_invalid', next }), 410);
      }
      return sendPage(req, reply, (pc) => confirmLinkPage(pc, token, next));
    },
  );

  r.post(
    '/:workspace/sign-in/link',
    {
      schema: { hide: true, params: WorkspaceParams },
      config: { portal: { access: 'public' } },
    },
    async (req, reply) => {
      const workspace = workspaceOf(req);
      const next = safeNext(req.portal.base, formField(req.body, 'next'));
      const signedIn = await signInWithLink(workspace.ctx, formField(req.body, 'token'));
      if (!signedIn) {
        return sendPage(req, reply, (pc) => signInPage(pc, { notice: 'link_invalid', next }), 410);
      }
      const previous = req.cookies[PORTAL_COOKIE];
      if (previous) await signOut(workspace.ctx, previous);
      setSessionCookie(req, reply, signedIn.cookie);
      return seeOther(reply, next ?? `${req.portal.base}/requests`);
    },
  );

  r.post(
    '/:workspace/sign-out',
    {
      schema: { hide: true, params: WorkspaceParams },
      config: { portal: { access: 'signed_in', csrf: true } },
    },
    async (req, reply) => {
      const workspace = workspaceOf(req);
      const cookie = req.cookies[PORTAL_COOKIE];
      if (cookie) await signOut(workspace.ctx, cookie);
      clearSessionCookie(req, reply);
      return seeOther(reply, `${req.portal.base}/?notice=signed_out`);
    },
  );
}
