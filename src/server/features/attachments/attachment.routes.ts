import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Attachment, INLINE_IMAGE_TYPES } from '../../../shared/api/attachments.ts';
import { ErrorBody, IdParams } from '../../../shared/api/common.ts';
import { AppError, invalid } from '../../errors.ts';
import { FileMissingError } from '../../storage/file-storage.ts';
import { presentAttachment } from './attachment.presenter.ts';
import * as service from './attachment.service.ts';

const tags = ['attachments'];

/** `attachment; filename="ascii"; filename*=UTF-8''…` so any name survives and none can inject. */
export function contentDisposition(kind: 'inline' | 'attachment', filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export async function registerAttachmentsRoutes(api: FastifyInstance) {
  // Multipart parsing only where files are uploaded: every other route stays JSON only.
  await api.register(async (scope) => {
    const limit = scope.files.uploadLimitBytes;
    await scope.register(multipart, {
      limits: { fileSize: limit, files: 1, fields: 5, parts: 6 },
      // Checked by the service, which answers 413 with the limit in the message.
      throwFileSizeLimit: false,
    });
    const r = scope.withTypeProvider<ZodTypeProvider>();

    r.post(
      '/attachments',
      {
        schema: {
          tags,
          summary:
            'Upload one file (multipart/form-data, field "file"); send its id with a message in attachment_ids',
          consumes: ['multipart/form-data'],
          response: { 201: Attachment, 400: ErrorBody, 413: ErrorBody, 415: ErrorBody },
        },
      },
      async (req, reply) => {
        if (!req.isMultipart())
          throw new AppError('unsupported_media_type', 'send the file as multipart/form-data');
        const part = await req.file();
        if (!part) throw invalid({ file: 'is required' });
        const row = await service.uploadAttachment(req.ctx, scope.files, {
          filename: part.filename,
          contentType: part.mimetype,
          content: part.file,
          isTruncated: () => part.file.truncated,
        });
        return reply.status(201).send(presentAttachment(row));
      },
    );
  });

  const r = api.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/attachments/:id/content',
    {
      schema: {
        tags,
        summary:
          "An attachment's bytes: images of a few safe types inline, everything else as a download",
        params: IdParams,
        response: { 200: z.any(), 404: ErrorBody },
      },
    },
    async (req, reply) => {
      let opened;
      try {
        opened = await service.openAttachment(req.ctx, api.files.storage, req.params.id);
      } catch (err) {
        if (!(err instanceof FileMissingError)) throw err;
        req.log.error({ key: err.key }, 'attachment content missing from storage');
        throw new AppError('not_found', 'attachment content not found');
      }
      const { row, content } = opened;
      const inline = (INLINE_IMAGE_TYPES as readonly string[]).includes(row.content_type);
      // An uploaded file is the client's content: never sniffed, never run, never framed.
      return reply
        .header('content-type', inline ? row.content_type : 'application/octet-stream')
        .header('content-length', String(row.size_bytes))
        .header(
          'content-disposition',
          contentDisposition(inline ? 'inline' : 'attachment', row.filename),
        )
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox; frame-ancestors 'none'")
        .header('cache-control', 'private, max-age=3600')
        .header('etag', `"${row.sha256}"`)
        .send(content);
    },
  );

  r.delete(
    '/attachments/:id',
    {
      schema: {
        tags,
        summary: 'Discard an upload that was never sent (its uploader or an admin)',
        params: IdParams,
        response: { 204: z.null(), 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      await service.discardAttachment(req.ctx, api.files.storage, req.params.id);
      return reply.status(204).send(null);
    },
  );
}
