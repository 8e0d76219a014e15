// The portal's error pages, in the reader's language.
import { html } from '../../../public/html.ts';
import type { PortalPage, PortalPageContext } from './frame.ts';

export type ErrorKind = 'not_found' | 'csrf' | 'rate_limited' | 'bad_request' | 'internal';

export function errorPage(pc: PortalPageContext, kind: ErrorKind): PortalPage {
  const { t } = pc;
  const title = kind === 'not_found' ? t('error.notFoundTitle') : t('error.title');
  return {
    title,
    body: html`<div class="panel narrow">
      <h1>${title}</h1>
      <p>${t(`error.${kind}`)}</p>
      ${
        // A URL naming no workspace has no start page to go back to.
        pc.base === '/portal' ? '' : html`<p><a href="${pc.base}/">${t('error.home')}</a></p>`
      }
    </div>`,
  };
}
