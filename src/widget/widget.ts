// The embeddable chat widget: no framework, one file, loaded by
//   <script src="https://HOST/widget.js" data-workspace="ID" async></script>
// It draws itself in a shadow root (styles from a constructed stylesheet, text
// only through textContent), so it works under a host page's strict
// Content-Security-Policy: nothing inline is injected, no eval.
import type { ChatMessage, ServerChatFrame, VisitorFrame } from '../shared/api/chat.ts';
import { CHAT_TYPING_TTL_MS } from '../shared/api/chat.ts';
import { CSS } from './styles.ts';
import { pickLanguage, TEXTS } from './texts.ts';

const MIN_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;
const TYPING_EVERY_MS = 2_000;

type Attrs = Record<string, string | boolean>;

/** An element with attributes (never a style attribute) and children. */
function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false) continue;
    node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children);
  return node;
}

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    // Storage blocked (a sandboxed frame, strict privacy settings): a visitor per page load.
    return undefined;
  }
}

function start(script: HTMLScriptElement) {
  const workspace = script.dataset.workspace ?? '';
  if (!/^\d{1,19}$/.test(workspace)) {
    console.error('Rapport chat: data-workspace must be the workspace id');
    return;
  }
  const server = new URL(script.src, window.location.href);
  const socketUrl = new URL(`/api/v1/chat/ws?workspace=${workspace}`, server);
  socketUrl.protocol = server.protocol === 'https:' ? 'wss:' : 'ws:';
  const language = pickLanguage(
    script.dataset.language,
    document.documentElement.lang,
    ...navigator.languages,
  );
  const t = TEXTS[language];
  const tokenKey = `rapport.chat.${workspace}`;

  // The shadow root keeps the page's CSS out and ours in.
  const host = el('div', { 'data-rapport-chat': workspace });
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  root.adoptedStyleSheets = [sheet];

  const launcher = el('button', { class: 'launcher', type: 'button', 'aria-label': t.open });
  // Built node by node: a page enforcing Trusted Types refuses innerHTML.
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', 'M4 4h16v12H7l-3 3z');
  svg.append(path);
  launcher.append(svg);
  const closeButton = el('button', { type: 'button', 'aria-label': t.close }, '×');
  const log = el('div', { class: 'log', role: 'log', 'aria-live': 'polite' });
  const typing = el('div', { class: 'typing', hidden: true }, t.typing);

  const nameInput = el('input', {
    name: 'name',
    autocomplete: 'name',
    'aria-label': t.name,
    placeholder: t.name,
    maxlength: '200',
  });
  const emailInput = el('input', {
    name: 'email',
    type: 'email',
    autocomplete: 'email',
    'aria-label': t.email,
    placeholder: t.email,
    maxlength: '254',
  });
  const prechat = el(
    'form',
    { hidden: true, 'aria-label': t.start },
    nameInput,
    emailInput,
    el('button', { class: 'primary', type: 'submit' }, t.start),
  );

  const offlineEmail = el('input', {
    name: 'email',
    type: 'email',
    required: true,
    autocomplete: 'email',
    'aria-label': t.email,
    placeholder: t.email,
    maxlength: '254',
  });
  const offlineText = el('textarea', {
    name: 'message',
    required: true,
    rows: '3',
    'aria-label': t.leaveMessage,
    placeholder: t.placeholder,
    maxlength: '2000',
  });
  const offline = el(
    'form',
    { hidden: true, 'aria-label': t.leaveMessage },
    el('p', { class: 'note' }, t.offline),
    offlineEmail,
    offlineText,
    el('button', { class: 'primary', type: 'submit' }, t.leaveMessage),
  );

  const input = el('textarea', {
    name: 'message',
    rows: '1',
    'aria-label': t.placeholder,
    placeholder: t.placeholder,
    maxlength: '2000',
  });
  const composer = el(
    'form',
    { class: 'row', hidden: true },
    input,
    el('button', { class: 'primary', type: 'submit' }, t.send),
  );

  const transcriptButton = el(
    'button',
    { class: 'link', type: 'button', hidden: true },
    t.transcript,
  );
  const transcriptEmail = el('input', {
    name: 'transcript-email',
    type: 'email',
    required: true,
    autocomplete: 'email',
    'aria-label': t.email,
    placeholder: t.email,
    maxlength: '254',
  });
  const transcriptForm = el(
    'form',
    { class: 'row', hidden: true, 'aria-label': t.transcript },
    transcriptEmail,
    el('button', { class: 'primary', type: 'submit' }, t.send),
  );

  const panel = el(
    'div',
    { class: 'panel', role: 'dialog', 'aria-label': t.title, hidden: true },
    el('div', { class: 'head' }, el('span', {}, t.title), closeButton),
    log,
    typing,
    prechat,
    offline,
    composer,
    transcriptButton,
    transcriptForm,
  );
  root.append(panel, launcher);
  document.body.append(host);

  let socket: WebSocket | undefined;
  let attempt = 0;
  let online = true;
  let askPrechat = false;
  let visitorName: string | undefined;
  let visitorEmail: string | undefined;
  let hasMessages = false;
  let lastTypingSent = 0;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  let refSeq = 0;
  const shown = new Set<string>();

  const note = (text: string, error = false) => {
    log.append(el('p', { class: error ? 'note error' : 'note' }, text));
    log.scrollTop = log.scrollHeight;
  };

  const show = (m: ChatMessage) => {
    if (shown.has(m.id)) return;
    shown.add(m.id);
    hasMessages = true;
    const who = m.from === 'visitor' ? t.you : (m.author ?? t.agent);
    log.append(el('div', { class: `msg ${m.from}` }, el('span', { class: 'who' }, who), m.text));
    log.scrollTop = log.scrollHeight;
    if (m.from === 'agent') typing.hidden = true;
  };

  /** Which form the visitor sees: pre-chat, leave-a-message, or the composer. */
  const layout = () => {
    const leaving = !online && !hasMessages;
    offline.hidden = !leaving;
    prechat.hidden = leaving || !askPrechat || hasMessages || visitorName !== undefined;
    composer.hidden = leaving || !prechat.hidden;
    transcriptButton.hidden = !hasMessages || !transcriptForm.hidden;
  };

  const send = (frame: VisitorFrame) => {
    if (socket?.readyState !== WebSocket.OPEN) {
      note(t.error, true);
      return false;
    }
    socket.send(JSON.stringify(frame));
    return true;
  };

  const receive = (f: ServerChatFrame) => {
    switch (f.type) {
      case 'welcome': {
        storage()?.setItem(tokenKey, f.token);
        online = f.online;
        askPrechat = f.prechat;
        if (log.childElementCount === 0) note(f.greeting ?? t.greeting);
        f.messages.forEach(show);
        layout();
        break;
      }
      case 'message':
        show(f.message);
        layout();
        break;
      case 'online':
        online = f.online;
        layout();
        break;
      case 'typing':
        typing.hidden = !f.typing;
        clearTimeout(typingTimer);
        typingTimer = setTimeout(() => (typing.hidden = true), CHAT_TYPING_TTL_MS);
        break;
      case 'message_left':
        offline.hidden = true;
        note(t.leaveSent);
        break;
      case 'transcript_queued':
        note(t.transcriptSent);
        break;
      case 'error':
        note(f.code === 'rate_limited' ? t.rateLimited : t.error, true);
        break;
    }
  };

  const connect = () => {
    const ws = new WebSocket(socketUrl);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      ws.send(
        JSON.stringify({
          type: 'hello',
          token: storage()?.getItem(tokenKey) ?? undefined,
          language,
        } satisfies VisitorFrame),
      );
    };
    ws.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      try {
        receive(JSON.parse(event.data) as ServerChatFrame);
      } catch {
        // A frame we cannot read is skipped.
      }
    };
    ws.onclose = (event) => {
      if (socket !== ws) return;
      socket = undefined;
      // 1008: chat is turned off for this workspace; do not knock again.
      if (event.code === 1008) return;
      const base = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** attempt++);
      setTimeout(connect, base / 2 + Math.random() * (base / 2));
    };
  };

  const setOpen = (open: boolean) => {
    panel.hidden = !open;
    launcher.setAttribute('aria-label', open ? t.close : t.open);
    launcher.setAttribute('aria-expanded', String(open));
    if (open && !socket) connect();
    if (open) (composer.hidden ? (offline.hidden ? nameInput : offlineEmail) : input).focus();
  };

  launcher.addEventListener('click', () => setOpen(panel.hidden));
  closeButton.addEventListener('click', () => setOpen(false));

  prechat.addEventListener('submit', (e) => {
    e.preventDefault();
    visitorName = nameInput.value.trim();
    visitorEmail = emailInput.checkValidity() ? emailInput.value.trim() || undefined : undefined;
    layout();
    input.focus();
  });

  const submitMessage = () => {
    const text = input.value.trim();
    if (!text) return;
    const frame: VisitorFrame = { type: 'message', text, ref: String(++refSeq) };
    if (visitorName) frame.name = visitorName;
    if (visitorEmail) frame.email = visitorEmail;
    if (send(frame)) {
      input.value = '';
      lastTypingSent = 0;
    }
  };
  composer.addEventListener('submit', (e) => {
    e.preventDefault();
    submitMessage();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      submitMessage();
    }
  });
  input.addEventListener('input', () => {
    const now = Date.now();
    if (!input.value.trim() || now - lastTypingSent < TYPING_EVERY_MS) return;
    lastTypingSent = now;
    send({ type: 'typing', typing: true });
  });
  input.addEventListener('blur', () => {
    if (!lastTypingSent) return;
    lastTypingSent = 0;
    send({ type: 'typing', typing: false });
  });

  offline.addEventListener('submit', (e) => {
    e.preventDefault();
    send({
      type: 'leave_message',
      email: offlineEmail.value.trim(),
      text: offlineText.value.trim(),
    });
  });

  transcriptButton.addEventListener('click', () => {
    transcriptForm.hidden = false;
    transcriptButton.hidden = true;
    transcriptEmail.value ||= visitorEmail ?? '';
    transcriptEmail.focus();
  });
  transcriptForm.addEventListener('submit', (e) => {
    e.preventDefault();
    if (send({ type: 'transcript', email: transcriptEmail.value.trim() })) {
      transcriptForm.hidden = true;
      layout();
    }
  });

  // A returning visitor's conversation is there when the panel opens.
  if (storage()?.getItem(tokenKey)) connect();
}

const script = document.currentScript;
if (script instanceof HTMLScriptElement) {
  if (document.body) start(script);
  else document.addEventListener('DOMContentLoaded', () => start(script));
}
