import { z } from 'zod';
import { Id, Language, Timestamp } from './common.ts';

/** A workspace's customer portal settings. */
export const PortalSettings = z.object({
  /** A person of a company also sees the company's requests and its other people's (default off). */
  share_company_requests: z.boolean(),
});
export type PortalSettings = z.infer<typeof PortalSettings>;

export const PortalSettingsResponse = PortalSettings.extend({
  /** Where clients sign in: /portal/<workspace slug>/ on this server. */
  portal_path: z.string(),
});

export const DeflectionReportQuery = z
  .object({
    from: Timestamp,
    to: Timestamp,
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), {
    path: ['to'],
    message: 'must be after from',
  });

/** Deflected requests in a time range: in all and per article and language, most first. */
export const DeflectionReport = z.object({
  from: Timestamp,
  to: Timestamp,
  total: z.number().int(),
  items: z.array(
    z.object({
      /** null when the article was deleted since. */
      article_id: Id.nullable(),
      slug: z.string().nullable(),
      title: z.string().nullable(),
      language: Language,
      count: z.number().int(),
    }),
  ),
});
