// Server-rendered HTML for the pages clients read (the customer portal, the
// public FAQ): a tagged template that escapes every interpolated value unless
// it is already SafeHtml, so a page cannot forget to escape a client's text.

/** A piece of markup that is already safe to put into a page as it is. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text escaped for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

type Value = SafeHtml | string | number | boolean | null | undefined | Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false || value === true) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * html`<p>${text}</p>`: strings and numbers are escaped, SafeHtml and arrays
 * of either are inserted as they are, null, undefined and booleans print
 * nothing (so `${cond && html`…`}` works).
 */
export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Markup produced elsewhere and already sanitised (an article's stored body_html). */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
