import type { FastifyReply } from 'fastify';
import { SESSION_COOKIE } from './authenticate.ts';

/** Sets the session cookie: httpOnly so scripts cannot read it, SameSite=Lax against cross-site posts. */
export function setSessionCookie(
  reply: FastifyReply,
  token: string,
  ttlHours: number,
  secure: boolean,
) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: ttlHours * 3600,
  });
}
