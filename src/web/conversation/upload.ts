import type { z } from 'zod';
import type { Attachment as AttachmentSchema } from '../../shared/api/attachments.ts';
import type {
  CannedResponse as CannedResponseSchema,
  RenderedCannedResponse as RenderedSchema,
} from '../../shared/api/canned-responses.ts';
import { ApiError, getCsrfToken } from '../api.ts';

export type Attachment = z.infer<typeof AttachmentSchema>;
export type CannedResponse = z.infer<typeof CannedResponseSchema>;
export type RenderedCannedResponse = z.infer<typeof RenderedSchema>;

/** Uploads one file (multipart) with the session cookie; throws ApiError like callApi. */
export async function uploadFile(file: File, signal?: AbortSignal): Promise<Attachment> {
  const form = new FormData();
  form.append('file', file, file.name);
  const res = await fetch('/api/v1/attachments', {
    method: 'POST',
    headers: { accept: 'application/json', 'x-csrf-token': getCsrfToken() },
    credentials: 'same-origin',
    body: form,
    signal,
  });
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (data as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(res.status, error?.code ?? 'http_error', error?.message ?? res.statusText);
  }
  return data as Attachment;
}

/** "12 KB", "3.4 MB" in the user's locale. */
export function formatFileSize(bytes: number, locale: string): string {
  const [value, unit] =
    bytes >= 1024 * 1024
      ? [bytes / (1024 * 1024), 'megabyte']
      : bytes >= 1024
        ? [bytes / 1024, 'kilobyte']
        : [bytes, 'byte'];
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    maximumFractionDigits: value < 10 && unit !== 'byte' ? 1 : 0,
  }).format(value);
}
