import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode, type FieldErrors } from '../errors.ts';
import { RequestGoneError } from './request-gone.ts';

function body(
  code: ErrorCode,
  message: string,
  fields?: FieldErrors,
  details?: Record<string, unknown>,
) {
  return { error: { ...details, code, message, ...(fields ? { fields } : {}) } };
}

/** Turns a validation failure's issues into { "field.path": "what is wrong" }. */
function fieldsOf(
  issues: { instancePath: string; message?: string }[],
  prefix: string,
): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || prefix;
    fields[path] ??= issue.message ?? 'is invalid';
  }
  return fields;
}

/** One error handler: every failure leaves as { error: { code, message, fields? } }. */
export function registerErrorHandling(
  app: FastifyInstance,
  options: { spaFallback?: boolean } = {},
) {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send(body(err.code, err.message, err.fields, err.details));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      // A malformed id in the path names nothing that exists: same as a missing one.
      if (err.validationContext === 'params')
        return reply.status(404).send(body('not_found', 'not found'));
      const fields = fieldsOf(err.validation, err.validationContext ?? 'body');
      return reply
        .status(400)
        .send(body('validation_failed', `invalid ${Object.keys(fields).join(', ')}`, fields));
    }
    if (err instanceof RequestGoneError) {
      // Nobody reads this answer; 499 is what proxies log for a client that left.
      request.log.debug('request given up: its client has gone');
      return reply.status(499).send(body('client_gone', err.message));
    }
    const e = err as FastifyError;
    switch (e.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply.status(413).send(body('payload_too_large', 'the request body is too large'));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply
          .status(415)
          .send(body('unsupported_media_type', 'send the body as application/json'));
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reply
          .status(400)
          .send(body('invalid_json', 'the body is empty but says it is JSON'));
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return reply
          .status(400)
          .send(body('validation_failed', 'the content length does not match the body'));
    }
    if (e instanceof SyntaxError || e.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return reply.status(400).send(body('invalid_json', 'the body is not valid JSON'));
    }
    if (e.statusCode === 429) {
      return reply
        .status(429)
        .send(body('rate_limited', e.message || 'too many requests; try again later'));
    }
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      return reply.status(e.statusCode).send(body('validation_failed', e.message));
    }
    // Driver and programming errors: the detail goes to the log only.
    request.log.error({ err }, 'request failed');
    return reply.status(500).send(body('internal', 'something went wrong on our side'));
  });

  app.setNotFoundHandler((request, reply) => {
    if (options.spaFallback && isAppPage(request.method, request.url)) {
      // The agent app routes in the browser: /inbox/mine/42 is index.html, which reads the URL.
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply
      .status(404)
      .send(body('not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
  });
}

/** A page of the agent app (not the API, not a missing file such as /favicon.ico). */
function isAppPage(method: string, url: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  const path = url.split('?')[0] ?? '';
  if (path === '/api' || path.startsWith('/api/')) return false;
  return !/\.[a-z0-9]+$/i.test(path.slice(path.lastIndexOf('/') + 1));
}
