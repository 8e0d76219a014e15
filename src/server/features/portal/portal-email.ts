// The sign-in link email, in the client's language (texts in src/server/public/i18n).
import type { Language } from '../../../shared/api/common.ts';
import { html } from '../../public/html.ts';
import { translator } from '../../public/i18n.ts';

export interface SignInEmailVars {
  /** The client's name, or null when we only know their address. */
  name: string | null;
  workspace: string;
  url: string;
  minutes: number;
}

/** Subject, plain text and HTML of the email that carries a sign-in link. */
export function signInEmail(language: Language, v: SignInEmailVars) {
  const t = translator(language);
  const greeting = v.name ? t('email.greetingName', { name: v.name }) : t('email.greeting');
  const lines = {
    intro: t('email.intro', { workspace: v.workspace }),
    expiry: t('email.expiry', { minutes: v.minutes }),
    ignore: t('email.ignore'),
    regards: t('email.regards'),
  };
  const text = [
    greeting,
    '',
    lines.intro,
    '',
    v.url,
    '',
    lines.expiry,
    lines.ignore,
    '',
    lines.regards,
    v.workspace,
    '',
  ].join('\n');
  const markup = html`<!doctype html>
    <html lang="${language}">
      <body style="font-family: Arial, Helvetica, sans-serif; color: #1d2430; line-height: 1.5">
        <p>${greeting}</p>
        <p>${lines.intro}</p>
        <p>
          <a
            href="${v.url}"
            style="display: inline-block; background: #1d5fbf; color: #ffffff; padding: 10px 18px; border-radius: 6px; text-decoration: none; font-weight: bold"
            >${t('email.button')}</a
          >
        </p>
        <p style="font-size: 13px; color: #4f5a6b">${t('email.orCopy')}<br />${v.url}</p>
        <p>${lines.expiry}<br />${lines.ignore}</p>
        <p>${lines.regards}<br />${v.workspace}</p>
      </body>
    </html> `;
  return { subject: t('email.subject', { workspace: v.workspace }), text, html: markup.value };
}

export interface AnswerEmailVars {
  /** The client's name, or null when we only know their address. */
  name: string | null;
  workspace: string;
  number: number;
  subject: string;
  /** The start of the answer. */
  excerpt: string;
  /** The request in the portal. */
  url: string;
}

/** Subject, plain text and HTML of the email that says an answer waits in the portal. */
export function answerNoticeEmail(language: Language, v: AnswerEmailVars) {
  const t = translator(language);
  const greeting = v.name ? t('email.greetingName', { name: v.name }) : t('email.greeting');
  const intro = t('answer.intro', { number: v.number, subject: v.subject });
  const outro = t('answer.outro');
  const text = [
    greeting,
    '',
    intro,
    '',
    `> ${v.excerpt}`,
    '',
    `${t('answer.button')}: ${v.url}`,
    '',
    outro,
    '',
    t('email.regards'),
    v.workspace,
    '',
  ].join('\n');
  const markup = html`<!doctype html>
    <html lang="${language}">
      <body style="font-family: Arial, Helvetica, sans-serif; color: #1d2430; line-height: 1.5">
        <p>${greeting}</p>
        <p>${intro}</p>
        <blockquote
          style="margin: 0 0 16px; padding: 8px 14px; border-left: 3px solid #c9d3e3; color: #39424f"
        >
          ${v.excerpt}
        </blockquote>
        <p>
          <a
            href="${v.url}"
            style="display: inline-block; background: #1d5fbf; color: #ffffff; padding: 10px 18px; border-radius: 6px; text-decoration: none; font-weight: bold"
            >${t('answer.button')}</a
          >
        </p>
        <p style="font-size: 13px; color: #4f5a6b">${t('email.orCopy')}<br />${v.url}</p>
        <p>${outro}</p>
        <p>${t('email.regards')}<br />${v.workspace}</p>
      </body>
    </html> `;
  return {
    subject: t('answer.subject', { number: v.number, subject: v.subject }),
    text,
    html: markup.value,
  };
}
