import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../../shared/api/common.ts';
import { AppError } from '../../errors.ts';
import { safeEqual } from '../../security.ts';
import { FileMissingError } from '../../storage/file-storage.ts';
import { contentDisposition } from '../attachments/attachment.routes.ts';
import { discardAttachment, uploadAttachment } from '../attachments/attachment.service.ts';
import { INLINE_IMAGE_TYPES } from '../../../shared/api/attachments.ts';
import { formatBytes, translator, type Translate } from '../../public/i18n.ts';
import { WorkspaceParams } from './portal-auth.routes.ts';
import { suggestArticles } from './portal-help.service.ts';
import {
  formField,
  newViewKey,
  perClientLimit,
  seeOther,
  sendPage,
  sessionOf,
} from './portal-http.ts';
import {
  createMyRequest,
  getMyRequest,
  listMyRequests,
  MAX_COMMENT_CHARS,
  openMyRequestAttachment,
  rateMyRequest,
  replyToMyRequest,
} from './portal-requests.service.ts';
import { BODY_MAX, newRequestPage, SUBJECT_MAX, type NewRequestState } from './pages/help.pages.ts';
import {
  REPLY_MAX_FILES,
  requestPage,
  type RequestFormState,
  type RequestNotice,
} from './pages/request.pages.ts';
import { requestsPage } from './pages/requests.pages.ts';

const RequestParams = WorkspaceParams.extend({
  number: z.coerce.number().int().min(1).max(2_147_483_647),
});
const AttachmentParams = RequestParams.extend({ attachmentId: Id });

const ListQuery = z.object({
  cursor: z.string().max(500).optional(),
  lang: z.string().max(10).optional(),
});
const RequestQuery = z.object({
  after: Id.optional().catch(undefined),
  notice: z.enum(['created', 'sent', 'reopened', 'rated']).optional().catch(undefined),
  lang: z.string().max(10).optional(),
});

export const PAGE_SIZE = 20;

const signedIn = { portal: { access: 'signed_in' as const } };
const signedInForm = { portal: { access: 'signed_in' as const, csrf: true } };

/** A message body: trimmed, required, bounded; the error in the reader's words. */
function checkBody(t: Translate, text: string, max: number, missingKey: string) {
  const body = text.trim();
  if (!body) return { body, error: t(missingKey) };
  if (body.length > max) return { body, error: t('form.tooLong', { max }) };
  return { body };
}

/** My requests, the new-request form, a request with its messages, replying, rating, files. */
export function registerPortalRequestRoutes(scope: FastifyInstance) {
  const r = scope.withTypeProvider<ZodTypeProvider>();
  const files = scope.files;

  r.get(
    '/:workspace/requests',
    { schema: { hide: true, params: WorkspaceParams, querystring: ListQuery }, config: signedIn },
    async (req, reply) => {
      const { ctx, viewer } = sessionOf(req);
      const page = await listMyRequests(ctx, viewer, {
        cursor: req.query.cursor,
        limit: PAGE_SIZE,
      });
      return sendPage(req, reply, (pc) =>
        requestsPage(pc, { ...page, isFirstPage: !req.query.cursor }),
      );
    },
  );

  r.get(
    '/:workspace/requests/new',
    { schema: { hide: true, params: WorkspaceParams }, config: signedIn },
    async (req, reply) => sendPage(req, reply, (pc) => newRequestPage(pc, newViewKey())),
  );

  r.post(
    '/:workspace/requests',
    {
      schema: { hide: true, params: WorkspaceParams },
      // Searching and sending: enough for a person, too few to flood the inbox.
      config: { ...signedInForm, rateLimit: perClientLimit('new', 60, 3600_000) },
    },
    async (req, reply) => {
      const { ctx, viewer } = sessionOf(req);
      const t = translatorOf(req);
      const viewKey = /^[A-Za-z0-9_-]{16,64}$/.test(formField(req.body, 'view'))
        ? formField(req.body, 'view')
        : newViewKey();
      const state: NewRequestState = {
        subject: formField(req.body, 'subject')
          .trim()
          .slice(0, SUBJECT_MAX * 2),
        body: formField(req.body, 'body').slice(0, BODY_MAX * 2),
      };
      if (formField(req.body, 'action') === 'search') {
        state.suggestions = await suggestArticles(ctx, {
          language: req.portal.language,
          q: `${state.subject} ${state.body}`.slice(0, 500),
        });
        return sendPage(req, reply, (pc) => newRequestPage(pc, viewKey, state));
      }
      const errors: NonNullable<NewRequestState['errors']> = {};
      if (!state.subject) errors.subject = t('new.subjectMissing');
      else if (state.subject.length > SUBJECT_MAX)
        errors.subject = t('form.tooLong', { max: SUBJECT_MAX });
      const body = checkBody(t, state.body, BODY_MAX, 'new.bodyMissing');
      if (body.error) errors.body = body.error;
      if (errors.subject || errors.body) {
        return sendPage(req, reply, (pc) => newRequestPage(pc, viewKey, { ...state, errors }), 400);
      }
      const created = await createMyRequest(ctx, viewer, {
        subject: state.subject,
        body: body.body,
      });
      return seeOther(reply, `${req.portal.base}/requests/${created.number}?notice=created`);
    },
  );

  r.get(
    '/:workspace/requests/:number',
    { schema: { hide: true, params: RequestParams, querystring: RequestQuery }, config: signedIn },
    async (req, reply) => {
      const { ctx, viewer } = sessionOf(req);
      const detail = await getMyRequest(ctx, viewer, req.params.number, {
        afterMessageId: req.query.after,
      });
      return sendPage(req, reply, (pc) =>
        requestPage(pc, detail, {
          afterMessageId: req.query.after,
          state: { notice: req.query.notice as RequestNotice | undefined },
        }),
      );
    },
  );

  r.post(
    '/:workspace/requests/:number/replies',
    // The CSRF token is checked as the multipart fields arrive (see readReplyForm).
    {
      schema: { hide: true, params: RequestParams },
      config: { ...signedIn, rateLimit: perClientLimit('reply', 60, 3600_000) },
    },
    async (req, reply) => {
      const { ctx, viewer } = sessionOf(req);
      const number = req.params.number;
      const t = translatorOf(req);
      if (!req.isMultipart()) {
        throw new AppError('unsupported_media_type', 'send the reply form as multipart/form-data');
      }
      const form = await readReplyForm(req, t);
      const body = checkBody(t, form.fields.body ?? '', 10_000, 'request.replyMissing');
      const refuse = async (state: RequestFormState['reply'], status: number) => {
        for (const id of form.uploads) await discardAttachment(ctx, files.storage, id);
        const detail = await getMyRequest(ctx, viewer, number);
        return sendPage(
          req,
          reply,
          (pc) => requestPage(pc, detail, { state: { reply: state } }),
          status,
        );
      };
      if (!form.csrfOk) {
        for (const id of form.uploads) await discardAttachment(ctx, files.storage, id);
        throw new AppError('csrf_failed', 'missing or wrong _csrf field');
      }
      if (body.error || form.filesError) {
        return refuse({ body: body.body, error: body.error, filesError: form.filesError }, 400);
      }
      let result;
      try {
        result = await replyToMyRequest(ctx, viewer, number, {
          body: body.body,
          attachmentIds: form.uploads,
        });
      } catch (err) {
        if (err instanceof AppError && err.code === 'conflict') {
          return refuse({ body: body.body, closed: true }, 409);
        }
        for (const id of form.uploads) await discardAttachment(ctx, files.storage, id);
        throw err;
      }
      const notice = result.reopened ? 'reopened' : 'sent';
      return seeOther(
        reply,
        `${req.portal.base}/requests/${number}?notice=${notice}#m${result.messageId}`,
      );
    },
  );

  r.post(
    '/:workspace/requests/:number/rating',
    {
      schema: { hide: true, params: RequestParams },
      config: { ...signedInForm, rateLimit: perClientLimit('rate', 30, 3600_000) },
    },
    async (req, reply) => {
      const { ctx, viewer } = sessionOf(req);
      const number = req.params.number;
      const t = translatorOf(req);
      const rawScore = formField(req.body, 'score');
      const score = /^[1-5]$/.test(rawScore) ? Number(rawScore) : undefined;
      const comment = formField(req.body, 'comment').trim();
      const state: NonNullable<RequestFormState['rating']> = { score, comment };
      if (!score) state.error = t('rating.scoreMissing');
      if (comment.length > MAX_COMMENT_CHARS)
        state.commentError = t('form.tooLong', { max: MAX_COMMENT_CHARS });
      if (state.error || state.commentError) {
        const detail = await getMyRequest(ctx, viewer, number);
        return sendPage(
          req,
          reply,
          (pc) => requestPage(pc, detail, { state: { rating: state } }),
          400,
        );
      }
      await rateMyRequest(ctx, viewer, number, { score: score!, comment });
      return seeOther(reply, `${req.portal.base}/requests/${number}?notice=rated#rating`);
    },
  );

  r.get(
    '/:workspace/requests/:number/attachments/:attachmentId',
    { schema: { hide: true, params: AttachmentParams }, config: signedIn },
    async (req, reply) => {
      const { ctx, viewer } = sessionOf(req);
      let opened;
      try {
        opened = await openMyRequestAttachment(
          ctx,
          viewer,
          req.params.number,
          req.params.attachmentId,
          files.storage,
        );
      } catch (err) {
        if (!(err instanceof FileMissingError)) throw err;
        req.log.error({ key: err.key }, 'attachment content missing from storage');
        throw new AppError('not_found', 'attachment content not found');
      }
      const { attachment: a, content } = opened;
      const inline = (INLINE_IMAGE_TYPES as readonly string[]).includes(a.content_type);
      // The client's or an agent's file: never sniffed, never run, never framed, never shared.
      return reply
        .header('content-type', inline ? a.content_type : 'application/octet-stream')
        .header('content-length', String(a.size_bytes))
        .header(
          'content-disposition',
          contentDisposition(inline ? 'inline' : 'attachment', a.filename),
        )
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox; frame-ancestors 'none'")
        .header('cache-control', 'private, no-store')
        .send(content);
    },
  );
}

/** A translator for the request's language (form errors). */
function translatorOf(req: FastifyRequest): Translate {
  return translator(req.portal.language);
}

interface ReplyForm {
  fields: Record<string, string>;
  uploads: string[];
  csrfOk: boolean;
  filesError?: string;
}

async function drain(part: MultipartFile) {
  for await (const _chunk of part.file) {
    // discarded
  }
}

/**
 * Reads the reply form as it streams in: its fields first (the page puts the
 * CSRF token and the text before the files), then stores each file, unless
 * the token is wrong, there are too many files or one is too large; the rest
 * of the stream is read and dropped.
 */
async function readReplyForm(req: FastifyRequest, t: Translate): Promise<ReplyForm> {
  const { ctx, csrfToken } = sessionOf(req);
  const files = req.server.files;
  const form: ReplyForm = { fields: {}, uploads: [], csrfOk: false };
  let count = 0;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'field') {
        if (typeof part.value === 'string' && !(part.fieldname in form.fields)) {
          form.fields[part.fieldname] = part.value;
          if (part.fieldname === '_csrf') form.csrfOk = safeEqual(part.value, csrfToken);
        }
        continue;
      }
      // A file input left empty still sends a part, without a name.
      if (!part.filename) {
        await drain(part);
        continue;
      }
      count += 1;
      if (!form.csrfOk || form.filesError || count > REPLY_MAX_FILES) {
        if (count > REPLY_MAX_FILES)
          form.filesError = t('request.tooManyFiles', { count: REPLY_MAX_FILES });
        await drain(part);
        continue;
      }
      try {
        const row = await uploadAttachment(ctx, files, {
          filename: part.filename,
          contentType: part.mimetype,
          content: part.file,
          isTruncated: () => part.file.truncated,
        });
        form.uploads.push(row.id);
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'payload_too_large') throw err;
        form.filesError = t('request.fileTooLarge', {
          filename: part.filename,
          size: formatBytes(files.uploadLimitBytes, req.portal.language),
        });
        await drain(part);
      }
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== 'FST_FILES_LIMIT' && code !== 'FST_PARTS_LIMIT' && code !== 'FST_FIELDS_LIMIT') {
      throw err;
    }
    form.filesError = t('request.tooManyFiles', { count: REPLY_MAX_FILES });
  }
  return form;
}
