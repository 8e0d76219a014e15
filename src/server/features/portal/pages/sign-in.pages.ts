// The pages before a client is signed in: asking for a link, "check your
// email", and confirming a link (a button, so that mail scanners that open
// links do not use them up).
import { html } from '../../../public/html.ts';
import { describedBy, field, notice, type PortalPage, type PortalPageContext } from './frame.ts';

export type SignInNotice = 'signed_out' | 'sign_in_first' | 'link_invalid';

/** The email form; with an error when the address was refused, or a notice. */
export function signInPage(
  pc: PortalPageContext,
  o: { email?: string; error?: string; notice?: SignInNotice; next?: string } = {},
): PortalPage {
  const { t } = pc;
  const banner =
    o.notice === 'link_invalid'
      ? notice('error', t('signIn.linkInvalid'))
      : o.notice === 'signed_out'
        ? notice('ok', t('signIn.signedOut'))
        : o.notice === 'sign_in_first'
          ? notice('info', t('signIn.signInFirst'))
          : '';
  return {
    title: t('signIn.title'),
    body: html`<div class="panel narrow">
      <h1>${t('signIn.title')}</h1>
      ${banner}
      <p class="lead">${t('signIn.intro')}</p>
      <form class="stack" method="post" action="${pc.base}/sign-in" novalidate>
        ${o.next ? html`<input type="hidden" name="next" value="${o.next}" />` : ''}
        ${field({
          id: 'email',
          label: t('signIn.email'),
          error: o.error,
          control: (ids, invalid) =>
            html`<input
              type="email"
              id="email"
              name="email"
              autocomplete="email"
              inputmode="email"
              required
              maxlength="254"
              value="${o.email ?? ''}"
              ${describedBy(ids, invalid)}
            />`,
        })}
        <button type="submit" class="primary">${t('signIn.submit')}</button>
      </form>
    </div>`,
  };
}

/** The same answer for every address: a link is on its way if the address is known. */
export function linkSentPage(pc: PortalPageContext, email: string, minutes: number): PortalPage {
  const { t } = pc;
  return {
    title: t('signIn.sentTitle'),
    body: html`<div class="panel narrow">
      <h1>${t('signIn.sentTitle')}</h1>
      <div class="notice ok" role="status">${t('signIn.sent', { email, minutes })}</div>
      <p>${t('signIn.sentHint')}</p>
      <p><a href="${pc.base}/">${t('signIn.again')}</a></p>
    </div>`,
  };
}

/** The page a link opens: one button that signs in. */
export function confirmLinkPage(pc: PortalPageContext, token: string, next?: string): PortalPage {
  const { t } = pc;
  return {
    title: t('signIn.linkTitle'),
    body: html`<div class="panel narrow">
      <h1>${t('signIn.linkTitle')}</h1>
      <p class="lead">${t('signIn.linkIntro', { workspace: pc.workspaceName })}</p>
      <form method="post" action="${pc.base}/sign-in/link">
        <input type="hidden" name="token" value="${token}" />
        ${next ? html`<input type="hidden" name="next" value="${next}" />` : ''}
        <button type="submit" class="primary">${t('signIn.continue')}</button>
      </form>
    </div>`,
  };
}
