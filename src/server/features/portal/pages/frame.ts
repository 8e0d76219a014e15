// What every portal page shares: the request's language, translator and
// workspace, the shared layout (src/server/public/layout.ts), and small form
// and formatting helpers.
import type { Language } from '../../../../shared/api/common.ts';
import { escapeHtml, html, SafeHtml } from '../../../public/html.ts';
import { formatDateTime, type Translate } from '../../../public/i18n.ts';
import { renderPage } from '../../../public/layout.ts';

export interface PortalPageContext {
  language: Language;
  t: Translate;
  /** The portal's base path: /portal/<workspace slug>. */
  base: string;
  workspaceName: string;
  /** The time zone dates are shown in (the client's, else the workspace's). */
  timeZone: string;
  /** This page's URL (path and query), for the language switch. */
  url: string;
  nonce: string;
  /** The signed-in client, with the CSRF token every form of theirs carries. */
  session?: { name: string; csrfToken: string };
}

export interface PortalPage {
  title: string;
  body: SafeHtml;
  /** Which navigation entry is this page. */
  current?: 'requests' | 'new';
  scripts?: string[];
}

/** The whole document of a portal page. */
export function portalDocument(pc: PortalPageContext, page: PortalPage): string {
  const { t } = pc;
  return renderPage({
    language: pc.language,
    title: page.title,
    workspace: { name: pc.workspaceName, homeHref: `${pc.base}/` },
    url: pc.url,
    nonce: pc.nonce,
    nav: pc.session
      ? [
          {
            href: `${pc.base}/requests`,
            label: t('nav.requests'),
            current: page.current === 'requests',
          },
          { href: `${pc.base}/requests/new`, label: t('nav.new'), current: page.current === 'new' },
        ]
      : undefined,
    account: pc.session
      ? {
          name: pc.session.name,
          signOutAction: `${pc.base}/sign-out`,
          csrfToken: pc.session.csrfToken,
        }
      : undefined,
    scripts: page.scripts,
    body: page.body,
  });
}

/** The hidden CSRF field of a signed-in client's form. */
export function csrfField(pc: PortalPageContext): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${pc.session?.csrfToken ?? ''}" />`;
}

/** A message box: ok (done), error (refused) or info. */
export function notice(kind: 'ok' | 'error' | 'info', text: string): SafeHtml {
  return html`<div class="notice ${kind}" role="${kind === 'error' ? 'alert' : 'status'}">
    ${text}
  </div>`;
}

/** A labelled form field with its hint and error, wired for screen readers. */
export function field(o: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  control: (describedBy: string | undefined, invalid: boolean) => SafeHtml;
}): SafeHtml {
  const ids = [o.hint ? `${o.id}-hint` : '', o.error ? `${o.id}-error` : ''].filter(Boolean);
  return html`<div class="field">
    <label for="${o.id}">${o.label}</label>
    ${o.hint ? html`<span class="hint" id="${o.id}-hint">${o.hint}</span>` : ''}
    ${o.error ? html`<span class="error" id="${o.id}-error">${o.error}</span>` : ''}
    ${o.control(ids.length ? ids.join(' ') : undefined, Boolean(o.error))}
  </div>`;
}

/** aria-describedby and aria-invalid for a control, when it has a hint or an error. */
export function describedBy(ids: string | undefined, invalid: boolean): SafeHtml {
  return html`${ids ? html` aria-describedby="${ids}"` : ''}${invalid ? html` aria-invalid="true"` : ''}`;
}

/** A <time> in the reader's language and time zone. */
export function time(pc: PortalPageContext, at: Date, style: 'long' | 'short' = 'short'): SafeHtml {
  return html`<time datetime="${at.toISOString()}"
    >${formatDateTime(at, pc.language, pc.timeZone, style)}</time
  >`;
}

/**
 * A <textarea> with its value. Built by concatenation, not in a template, so
 * that no formatter can add whitespace to the value; the newline after the
 * start tag is the one the HTML parser drops.
 */
export function textarea(o: {
  id: string;
  name: string;
  value: string;
  maxLength: number;
  rows: number;
  required?: boolean;
  ids: string | undefined;
  invalid: boolean;
}): SafeHtml {
  const start = html`<textarea id="${o.id}" name="${o.name}" maxlength="${o.maxLength}" rows="${o.rows}"${o.required ? html` required` : ''}${describedBy(o.ids, o.invalid)}>`;
  return new SafeHtml(`${start.value}\n${escapeHtml(o.value)}</textarea>`);
}
