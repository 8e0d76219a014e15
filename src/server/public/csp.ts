// The Content-Security-Policy of the pages clients read: stricter than the
// agent app's (which helmet sets for every response). Scripts run only from
// this server and with this response's nonce, no inline style, no plugins,
// no framing, forms post only here, and the DOM takes no HTML strings from
// scripts (Trusted Types).
import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';

/** A fresh nonce for one response. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/** Sets the page's Content-Security-Policy (scripts with the nonce only) and its Referrer-Policy. */
export function setPageCsp(reply: FastifyReply, nonce: string) {
  reply.header(
    'content-security-policy',
    [
      "default-src 'none'",
      `script-src 'nonce-${nonce}' 'strict-dynamic'`,
      "style-src 'self'",
      // Articles may show images from anywhere on the web; nothing else loads.
      "img-src 'self' data: https:",
      "connect-src 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "object-src 'none'",
      "require-trusted-types-for 'script'",
      "trusted-types 'none'",
    ].join('; '),
  );
  // Our own pages see where a request comes from (a form's Origin is then real,
  // not "null"); other sites get no referrer at all (a sign-in link's token
  // never leaves in a Referer).
  reply.header('referrer-policy', 'same-origin');
}
