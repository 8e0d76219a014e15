import sanitize from 'sanitize-html';

/**
 * Allow-list HTML sanitiser for inbound mail (and any other HTML a client sends us).
 * Everything not listed here is dropped: scripts, event handlers, forms, frames, objects,
 * meta/base/link, <style> blocks, dangerous URL schemes and CSS beyond a small safe set.
 * Remote images are never loaded by default: their src moves to data-remote-src so the
 * renderer can offer "Show remote images"; tracking pixels are removed outright.
 */

export interface SanitizeOptions {
  /** Keep remote http(s) image URLs in src instead of data-remote-src (default false). */
  allowRemoteImages?: boolean;
}

export interface SanitizeResult {
  html: string;
  /** True when at least one remote image was found (and blocked, unless allowed). */
  hasRemoteImages: boolean;
}

// prettier-ignore
const ALLOWED_TAGS = [
  'a', 'abbr', 'acronym', 'address', 'article', 'aside', 'b', 'bdi', 'bdo', 'big', 'blockquote',
  'br', 'caption', 'center', 'cite', 'code', 'col', 'colgroup', 'dd', 'del', 'details', 'dfn',
  'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'font', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5',
  'h6', 'header', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'main', 'mark', 'ol', 'p', 'pre', 'q', 's',
  'samp', 'section', 'small', 'span', 'strike', 'strong', 'sub', 'summary', 'sup', 'table',
  'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tr', 'tt', 'u', 'ul', 'var', 'wbr',
];

// Content of these is dropped together with the tag (the default list plus what email HTML
// carries in <head> and the embedded-document tags whose text is not message text).
// prettier-ignore
const NON_TEXT_TAGS = [
  'script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'template', 'iframe',
  'frame', 'frameset', 'noframes', 'noembed', 'object', 'applet', 'embed', 'svg', 'math', 'xml',
  'select', 'canvas', 'audio', 'video', 'xmp', 'plaintext', 'listing',
];

// prettier-ignore
const COMMON_ATTRIBUTES = [
  'style', 'class', 'id', 'dir', 'lang', 'title', 'align', 'valign', 'width', 'height',
  'bgcolor', 'border', 'color',
];

const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  '*': COMMON_ATTRIBUTES,
  a: ['href', 'name', 'target', 'rel'],
  img: ['src', 'alt', 'data-remote-src'],
  blockquote: ['type', 'cite'],
  font: ['face', 'size', 'color'],
  table: ['cellpadding', 'cellspacing', 'summary', 'frame', 'rules'],
  td: ['colspan', 'rowspan', 'nowrap', 'headers', 'scope'],
  th: ['colspan', 'rowspan', 'nowrap', 'headers', 'scope'],
  col: ['span'],
  colgroup: ['span'],
  ol: ['start', 'type', 'reversed'],
  ul: ['type'],
  li: ['value'],
  time: ['datetime'],
  details: ['open'],
};

// A CSS value: words, numbers, units, colours, quoted font names, and rgb()/hsl() colours.
// No other parentheses (so no url(), expression(), image-set(), var()), no backslash escapes,
// no "@", ";" or "!" smuggling.
const CSS_VALUE = /^(?:[#\w\s.,%"'+-]|(?:rgba?|hsla?)\([\d\s.,%/]+\))+$/i;
// prettier-ignore
const CSS_PROPERTIES = [
  'color', 'background-color', 'font', 'font-family', 'font-size', 'font-style', 'font-weight',
  'font-variant', 'text-align', 'text-decoration', 'text-indent', 'text-transform',
  'line-height', 'letter-spacing', 'word-spacing', 'white-space', 'word-break', 'word-wrap',
  'overflow-wrap', 'vertical-align', 'direction', 'width', 'height', 'max-width', 'min-width',
  'max-height', 'min-height', 'margin', 'margin-top', 'margin-right', 'margin-bottom',
  'margin-left', 'padding', 'padding-top', 'padding-right', 'padding-bottom', 'padding-left',
  'border', 'border-top', 'border-right', 'border-bottom', 'border-left', 'border-color',
  'border-style', 'border-width', 'border-radius', 'border-collapse', 'border-spacing',
  'list-style-type', 'table-layout', 'display',
];
const ALLOWED_STYLES: Record<string, Record<string, RegExp[]>> = {
  '*': Object.fromEntries(CSS_PROPERTIES.map((p) => [p, [CSS_VALUE]])),
};

const DROP_SRC = 'cid:rapport-dropped-image';
const REMOTE_URL = /^\s*(?:https?:)?\/\//i;

/** What the img transform reads and writes during one sanitizeHtmlDetailed call. */
const call = { allowRemoteImages: false, hasRemoteImages: false };

// Built once: every inbound email with HTML is sanitised, and sanitize-html takes its
// options as given (it builds its own maps from them on each call).
const SANITIZE_OPTIONS: sanitize.IOptions = {
  allowedTags: ALLOWED_TAGS,
  nonTextTags: NON_TEXT_TAGS,
  disallowedTagsMode: 'discard',
  allowedAttributes: ALLOWED_ATTRIBUTES,
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['cid', 'http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'data-remote-src'],
  allowProtocolRelative: false,
  allowedStyles: ALLOWED_STYLES,
  parseStyleAttributes: true,
  allowVulnerableTags: false,
  enforceHtmlBoundary: false,
  transformTags: {
    a: (tagName, attribs) => {
      const next: sanitize.Attributes = { ...attribs };
      if (next.href !== undefined) {
        next.rel = 'noopener noreferrer nofollow';
        next.target = '_blank';
      } else {
        delete next.target;
        delete next.rel;
      }
      return { tagName, attribs: next };
    },
    img: (tagName, attribs) => {
      const next: sanitize.Attributes = { ...attribs };
      // Only we may set data-remote-src, from a vetted src.
      delete next['data-remote-src'];
      const src = (next.src ?? '').trim();
      // Images to drop get a sentinel src that exclusiveFilter removes (pixels, unusable src).
      if (REMOTE_URL.test(src)) {
        if (isTrackingPixel(next)) return { tagName, attribs: { src: DROP_SRC } };
        call.hasRemoteImages = true;
        const url = src.startsWith('//') ? `https:${src}` : src;
        if (call.allowRemoteImages) {
          next.src = url;
        } else {
          next['data-remote-src'] = url;
          delete next.src;
        }
      } else if (!/^cid:/i.test(src)) {
        return { tagName, attribs: { src: DROP_SRC } };
      }
      return { tagName, attribs: next };
    },
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && frame.attribs.src === DROP_SRC,
};

/** Sanitises untrusted HTML for storage and display; returns the safe HTML only. */
export function sanitizeHtml(html: string, options: SanitizeOptions = {}): string {
  return sanitizeHtmlDetailed(html, options).html;
}

/** Sanitises untrusted HTML and reports whether remote images were present. */
export function sanitizeHtmlDetailed(html: string, options: SanitizeOptions = {}): SanitizeResult {
  // sanitize-html runs synchronously: the call's state cannot be seen by another call.
  call.allowRemoteImages = options.allowRemoteImages ?? false;
  call.hasRemoteImages = false;
  const out = sanitize(html, SANITIZE_OPTIONS);
  return { html: out, hasRemoteImages: call.hasRemoteImages };
}

function isTrackingPixel(attribs: sanitize.Attributes): boolean {
  const tiny = (v: string | undefined) => v !== undefined && /^\s*[01](?:px)?\s*$/i.test(v);
  const style = (attribs.style ?? '').toLowerCase().replace(/\s+/g, '');
  const styleTiny = (prop: string) => new RegExp(`(?:^|;)${prop}:[01](?:px)?(?:;|$)`).test(style);
  const hidden =
    /(?:^|;)display:none/.test(style) ||
    /(?:^|;)visibility:hidden/.test(style) ||
    /(?:^|;)opacity:0(?:;|$)/.test(style);
  return (
    hidden ||
    ((tiny(attribs.width) || styleTiny('width')) && (tiny(attribs.height) || styleTiny('height')))
  );
}
