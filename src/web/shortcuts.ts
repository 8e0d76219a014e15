// Keyboard shortcuts for the whole app. They find their targets in the page by
// data attributes (data-shortcut="reply|note|resolve|assign" on the controls,
// data-inbox-row on the inbox's rows, data-shortcut="search" on the search
// box), so each screen only marks its controls.
import { useEffect } from 'react';

export type ShortcutAction =
  'next' | 'previous' | 'reply' | 'note' | 'resolve' | 'assign' | 'search' | 'help';

/** The shortcuts in the order the help dialog lists them (keys as typed). */
export const SHORTCUTS: { keys: string[]; action: ShortcutAction }[] = [
  { keys: ['j'], action: 'next' },
  { keys: ['k'], action: 'previous' },
  { keys: ['r'], action: 'reply' },
  { keys: ['n'], action: 'note' },
  { keys: ['e'], action: 'resolve' },
  { keys: ['a'], action: 'assign' },
  // Ctrl+K (⌘K) works while typing too; only "/" goes through the table below.
  { keys: ['/', 'Ctrl+K'], action: 'search' },
  { keys: ['?'], action: 'help' },
];

const BY_KEY = new Map(SHORTCUTS.flatMap((s) => s.keys.map((k) => [k, s.action] as const)));

/** True while the user types: a text field, a select's search, or an editable element. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement)
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color'].includes(
      target.type,
    );
  return false;
}

function usable(el: Element): el is HTMLElement {
  return (
    el instanceof HTMLElement &&
    !(el as HTMLButtonElement).disabled &&
    el.getAttribute('aria-disabled') !== 'true' &&
    el.getClientRects().length > 0
  );
}

// The conversation opened by j/k may focus its composer as it appears; the list
// keeps the focus instead (so j/k go on working) until the user does anything
// else: clicks, or presses another key (Tab, r, n...).
let keepListFocus = false;
let movedTo: HTMLElement | null = null;
/** When the user last pressed a key or a pointer (performance.now()). */
let lastActedAt = -Infinity;

/**
 * True when the user has pressed a key or clicked since `since` (performance.now()):
 * something that appears later (a conversation's composer) must not take the focus
 * from wherever they went meanwhile.
 */
export function actedSince(since: number): boolean {
  return lastActedAt >= since;
}

/** Moves to the next (+1) or previous (-1) row of the inbox list and opens it. */
export function moveInList(step: 1 | -1): boolean {
  const rows = [...document.querySelectorAll<HTMLAnchorElement>('a[data-inbox-row]')];
  if (rows.length === 0) return false;
  // The address, not aria-current: the list marks the open row a render after a
  // move, and a quick "j k" must start from where the first key went.
  const current = rows.findIndex((r) => new URL(r.href).pathname === window.location.pathname);
  const index =
    current === -1
      ? step === 1
        ? 0
        : rows.length - 1
      : Math.max(0, Math.min(rows.length - 1, current + step));
  const row = rows[index]!;
  if (index === current) return true;
  row.click();
  row.focus({ preventScroll: true });
  keepListFocus = true;
  movedTo = row;
  row.scrollIntoView({ block: 'nearest' });
  return true;
}

/**
 * Activates the control marked data-shortcut=name: a text field is focused, a
 * button or mode switch clicked (and then its text field, if it has one, focused).
 */
export function activateTarget(name: 'reply' | 'note' | 'resolve' | 'assign'): boolean {
  const targets = [...document.querySelectorAll(`[data-shortcut="${name}"]`)].filter(usable);
  if (targets.length === 0) return false;
  const field = targets.find((t) => isTyping(t));
  for (const t of targets)
    if (t !== field && !(t instanceof HTMLInputElement && t.checked)) t.click();
  if (name === 'assign' && field) {
    // A select: focus it and open its list.
    field.focus();
    field.click();
    return true;
  }
  // After a mode switch the composer may re-render its field: look again on the next frame.
  requestAnimationFrame(() => {
    const again = [...document.querySelectorAll(`[data-shortcut="${name}"]`)]
      .filter(usable)
      .find((t) => isTyping(t));
    (again ?? field)?.focus();
  });
  return true;
}

/** Focuses the search box on screen (the header's, or the search page's); false when none is. */
export function focusSearchBox(): boolean {
  const box = [...document.querySelectorAll('input[data-shortcut="search"]')].find(usable);
  if (!(box instanceof HTMLInputElement)) return false;
  box.focus();
  box.select();
  return true;
}

/**
 * Listens for the shortcuts on the whole document. Nothing fires while typing
 * in a field, except Escape, which leaves the field (so the keys work again).
 */
export function useGlobalShortcuts(handlers: {
  openHelp: () => void;
  isHelpOpen: boolean;
  openSearch: () => void;
}) {
  const { openHelp, isHelpOpen, openSearch } = handlers;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      if (event.key === 'Escape') {
        if (isTyping(event.target)) (event.target as HTMLElement).blur();
        return;
      }
      if (
        (event.ctrlKey || event.metaKey) &&
        !event.altKey &&
        !event.shiftKey &&
        event.key.toLowerCase() === 'k' &&
        !isHelpOpen &&
        !document.querySelector('[role="dialog"][aria-modal="true"]')
      ) {
        event.preventDefault();
        openSearch();
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event.target) || isHelpOpen) return;
      // A dialog of the page (not ours) keeps its keys.
      if (document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      const action = BY_KEY.get(event.key);
      if (!action) return;
      let handled = false;
      switch (action) {
        case 'help':
          openHelp();
          handled = true;
          break;
        case 'search':
          openSearch();
          handled = true;
          break;
        case 'next':
          handled = moveInList(1);
          break;
        case 'previous':
          handled = moveInList(-1);
          break;
        default:
          handled = activateTarget(action);
      }
      if (handled) event.preventDefault();
    };
    const onPointerDown = () => {
      keepListFocus = false;
      lastActedAt = performance.now();
    };
    const onAnyKey = (event: KeyboardEvent) => {
      lastActedAt = performance.now();
      if (event.key !== 'j' && event.key !== 'k') keepListFocus = false;
    };
    const onFocusIn = (event: FocusEvent) => {
      if (!keepListFocus || !isTyping(event.target)) return;
      const row =
        document.querySelector<HTMLElement>('a[data-inbox-row][aria-current="page"]') ??
        (movedTo?.isConnected ? movedTo : null);
      row?.focus({ preventScroll: true });
    };
    document.addEventListener('keydown', onAnyKey, true);
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('pointerdown', onPointerDown, true);
    document.addEventListener('focusin', onFocusIn);
    return () => {
      document.removeEventListener('keydown', onAnyKey, true);
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('pointerdown', onPointerDown, true);
      document.removeEventListener('focusin', onFocusIn);
    };
  }, [openHelp, isHelpOpen, openSearch]);
}
