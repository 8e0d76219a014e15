import { Anchor, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../api.ts';

type AttachmentRef = Message['attachments'][number];

/**
 * An email's sanitised HTML (body_html), shown in a sandboxed iframe.
 *
 * The server already allow-lists the HTML (no scripts, handlers, forms, frames; remote images
 * moved to data-remote-src). This is the second wall, should the sanitiser ever miss something:
 * - `sandbox` without allow-scripts and without allow-same-origin: nothing in the frame runs, and
 *   the frame has an opaque origin, so it can read neither the app's cookies nor its DOM.
 *   allow-popups(-to-escape-sandbox) only lets the sanitiser's target=_blank links open a tab.
 * - a Content-Security-Policy inside the srcdoc: no scripts, no fetches, no fonts, no forms,
 *   images only from data: unless the agent asks for remote images. (A srcdoc frame also inherits
 *   the app's own policy, so both apply.)
 * - cid: images are fetched by the app (the frame's opaque origin carries no session cookie)
 *   and handed to the frame as data: URLs.
 *
 * Height: the parent can measure the frame's content only with same-origin access, which would
 * give the email's HTML the app's origin; a script in the frame posting its height would need
 * allow-scripts. Neither is worth it: the frame gets a height estimated from the text (clamped),
 * scrolls beyond that, and the agent can drag it taller (CSS resize).
 */
export function EmailHtml({ message }: { message: Message }) {
  const { t } = useTranslation();
  const [remote, setRemote] = useState(false);
  const html = message.body_html ?? '';
  const hasRemote = useMemo(() => /\sdata-remote-src=/i.test(html), [html]);
  const inline = useInlineImages(html, message.attachments);
  const srcdoc = useMemo(
    () => buildSrcdoc(html, { images: inline.data ?? new Map(), remote }),
    [html, inline.data, remote],
  );
  const author = message.author?.name ?? t('conversation.client');
  return (
    <div className="email-html">
      {hasRemote && !remote && (
        <Text size="xs" c="gray.7" mb={4} data-remote-notice="">
          {t('emailHtml.blocked')}{' '}
          <Anchor component="button" type="button" size="xs" onClick={() => setRemote(true)}>
            {t('emailHtml.show')}
          </Anchor>
        </Text>
      )}
      {hasRemote && remote && (
        <Text size="xs" c="gray.7" mb={4}>
          {t('emailHtml.remoteShown')}
        </Text>
      )}
      <iframe
        title={t('emailHtml.frameTitle', { author })}
        sandbox="allow-popups allow-popups-to-escape-sandbox"
        referrerPolicy="no-referrer"
        srcDoc={srcdoc}
        style={{ height: estimateHeight(message.body_text, html) }}
      />
    </div>
  );
}

const MIN_HEIGHT = 80;
const MAX_HEIGHT = 480;

/** About 24 px per line of the plain text (wrapped at ~80 characters), room per image, margins. */
function estimateHeight(text: string, html: string): number {
  const lines = text
    .split('\n')
    .reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 80)), 0);
  const images = (html.match(/<img\s/gi) ?? []).length;
  return Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, lines * 24 + images * 60 + 40));
}

/** The cid: references in the HTML. */
function cidsOf(html: string): string[] {
  return [...new Set([...html.matchAll(/\ssrc="cid:([^"]+)"/gi)].map((m) => m[1]!))];
}

/**
 * Which attachment a cid: names: the one stored with that Content-ID; for messages stored
 * before Content-IDs were kept, the usual shapes mailers give them: the filename itself, or
 * "filename@unique-part".
 */
export function attachmentForCid(
  cid: string,
  attachments: AttachmentRef[],
): AttachmentRef | undefined {
  const images = attachments.filter((a) => a.content_type.startsWith('image/'));
  const name = cid.toLowerCase();
  const local = name.split('@')[0]!;
  return (
    images.find((a) => a.content_id?.toLowerCase() === name) ??
    images.find((a) => a.filename.toLowerCase() === name) ??
    images.find((a) => a.filename.toLowerCase() === local)
  );
}

/** The inline images as data: URLs, by content id (fetched with the app's session). */
function useInlineImages(html: string, attachments: AttachmentRef[]) {
  const wanted = useMemo(
    () =>
      cidsOf(html).flatMap((cid) => {
        const a = attachmentForCid(cid, attachments);
        return a ? [[cid, a] as const] : [];
      }),
    [html, attachments],
  );
  return useQuery({
    queryKey: ['inline-images', wanted.map(([cid, a]) => `${cid}=${a.id}`)],
    enabled: wanted.length > 0,
    staleTime: Infinity,
    queryFn: async () => {
      const out = new Map<string, string>();
      for (const [cid, a] of wanted) {
        const res = await fetch(a.url, { credentials: 'same-origin' });
        if (!res.ok) continue;
        out.set(cid, await asDataUrl(await res.blob(), a.content_type));
      }
      return out;
    },
  });
}

function asDataUrl(blob: Blob, type: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable image'));
    reader.readAsDataURL(new Blob([blob], { type }));
  });
}

/**
 * The frame's document. The HTML is parsed with DOMParser, which makes an inert document (no
 * scripts run, no images load), only to swap image sources; then serialised again.
 */
export function buildSrcdoc(
  html: string,
  options: { images: Map<string, string>; remote: boolean },
): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const img of Array.from(doc.querySelectorAll('img'))) {
    const src = img.getAttribute('src') ?? '';
    if (/^cid:/i.test(src)) {
      const data = options.images.get(src.slice(4));
      if (data) img.setAttribute('src', data);
      else img.removeAttribute('src');
    }
    const remote = img.getAttribute('data-remote-src');
    if (remote && options.remote && /^https?:\/\//i.test(remote)) img.setAttribute('src', remote);
  }
  const imgSrc = options.remote ? 'data: http: https:' : 'data:';
  const csp = [
    "default-src 'none'",
    "script-src 'none'",
    "style-src 'unsafe-inline'",
    `img-src ${imgSrc}`,
    "font-src 'none'",
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  return (
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${csp}">` +
    '<meta name="referrer" content="no-referrer">' +
    '<style>body{margin:8px;font:14px/1.45 system-ui,sans-serif;color:#212529;' +
    'overflow-wrap:anywhere}img{max-width:100%;height:auto}</style>' +
    `</head><body>${doc.body.innerHTML}</body></html>`
  );
}
