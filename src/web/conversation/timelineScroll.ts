import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** How near the end of the pane still counts as "at the bottom", in pixels. */
const AT_BOTTOM_PX = 48;

/**
 * Scrolls the pane (and only the pane: scrollIntoView would scroll the page
 * too) so the element is in the middle of its view.
 */
function centre(pane: HTMLElement, el: HTMLElement) {
  const box = el.getBoundingClientRect();
  const view = pane.getBoundingClientRect();
  // A message taller than the view shows its beginning.
  pane.scrollTop += box.top - view.top - Math.max(0, (pane.clientHeight - box.height) / 2);
}

/** A message's distance from the top of the pane's view, if it is on the page. */
function offsetOf(pane: HTMLElement, messageId: string): number | undefined {
  const el = document.getElementById(`message-${messageId}`);
  return el ? el.getBoundingClientRect().top - pane.getBoundingClientRect().top : undefined;
}

export interface TimelineShape {
  /** The message a link leads to (?message=). */
  linkedId?: string;
  /** The oldest message loaded. */
  oldestId?: string;
  /** Changes whenever what the timeline shows changes (a message, its delivery, an event). */
  contents: string;
  /** How many pages are loaded. */
  pages: number;
  /** Whether newer messages than the loaded ones exist (around a linked message). */
  hasNewer: boolean;
}

/**
 * Keeps the timeline's scroll where the agent expects it. Without a link it
 * follows the newest message, as a chat does. With one, it shows the linked
 * message once it is loaded and then stays put; a new message scrolls in only
 * when the newest are loaded and the agent is at the bottom. Older messages
 * put above keep the agent's place (both ways).
 */
export function useTimelineScroll(
  pane: RefObject<HTMLElement | null>,
  bottom: RefObject<HTMLElement | null>,
  { linkedId, oldestId, contents, pages, hasNewer }: TimelineShape,
) {
  // The linked message scrolled to (state for the caller, a ref for the effect below).
  const [revealed, setRevealed] = useState<string>();
  const revealedId = useRef<string | undefined>(undefined);
  const [isAtBottom, setAtBottom] = useState(true);
  const atBottom = useRef(true);
  // The oldest message on screen and its distance from the top of the view.
  const oldest = useRef<{ id: string; top: number } | undefined>(undefined);
  const pagesBefore = useRef(pages);
  // Whether the agent scrolled (wheel, touch, keys, the scroll bar) since the link was shown.
  const moved = useRef(false);
  const newerExist = useRef(hasNewer);
  newerExist.current = hasNewer;

  const remember = useCallback(() => {
    const el = pane.current;
    const top = el && oldestId ? offsetOf(el, oldestId) : undefined;
    oldest.current = oldestId && top !== undefined ? { id: oldestId, top } : undefined;
  }, [pane, oldestId]);

  const toBottom = useCallback(() => bottom.current?.scrollIntoView({ block: 'end' }), [bottom]);

  // What the timeline shows is what moves it, not the agent's scrolling (onScroll below).
  useLayoutEffect(() => {
    const el = pane.current;
    if (!el) return;
    const newPage = pages !== pagesBefore.current;
    pagesBefore.current = pages;
    const before = oldest.current;
    const shifted = before && before.id !== oldestId ? offsetOf(el, before.id) : undefined;
    const linked = linkedId ? document.getElementById(`message-${linkedId}`) : null;
    if (linkedId && revealedId.current !== linkedId) {
      if (linked) {
        centre(el, linked);
        moved.current = false;
        revealedId.current = linkedId;
        setRevealed(linkedId);
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < AT_BOTTOM_PX;
        setAtBottom(atBottom.current);
      }
    } else if (before && shifted !== undefined) {
      // Older messages were put above the oldest shown: it stays where the agent saw it.
      el.scrollTop += shifted - before.top;
    } else if (!linkedId || (!hasNewer && atBottom.current && !newPage)) {
      // A newer page loaded below is not followed: the agent reads on from where they are.
      toBottom();
    }
    if (!linkedId && revealedId.current) {
      // Back to the newest: the same link, followed again, shows its message again.
      revealedId.current = undefined;
      setRevealed(undefined);
    }
    remember();
  }, [contents, linkedId]);

  // The pane shrinks when what is above or below it arrives (the composer loads after the
  // messages; cards appear): the linked message stays in view until the agent moves, and
  // the newest stays at the bottom for an agent who was there.
  useEffect(() => {
    const el = pane.current;
    if (!el) return;
    const byAgent = () => (moved.current = true);
    const events = ['wheel', 'touchmove', 'keydown', 'pointerdown'] as const;
    for (const type of events) el.addEventListener(type, byAgent, { passive: true });
    let height = el.clientHeight;
    const observer = new ResizeObserver(() => {
      if (el.clientHeight === height) return;
      height = el.clientHeight;
      const linked = revealedId.current
        ? document.getElementById(`message-${revealedId.current}`)
        : null;
      if (linked && !moved.current) centre(el, linked);
      else if (atBottom.current && !newerExist.current) toBottom();
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      for (const type of events) el.removeEventListener(type, byAgent);
    };
  }, [pane, toBottom]);

  const onScroll = useCallback(() => {
    const el = pane.current;
    if (!el) return;
    const at = el.scrollHeight - el.scrollTop - el.clientHeight < AT_BOTTOM_PX;
    atBottom.current = at;
    setAtBottom(at);
    remember();
  }, [pane, remember]);

  return {
    /** The linked message has been scrolled to (loading more around it may start). */
    isRevealed: linkedId !== undefined && revealed === linkedId,
    isAtBottom,
    onScroll,
    toBottom,
  };
}

/**
 * Calls `load` when `target` comes within 300 px of the pane's view while
 * `enabled` (pass false while a load runs: when it ends, a target still in
 * view loads the next one).
 */
export function useLoadWhenNear(
  pane: RefObject<HTMLElement | null>,
  target: RefObject<HTMLElement | null>,
  enabled: boolean,
  load: () => unknown,
) {
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    const root = pane.current;
    const el = target.current;
    if (!enabled || !root || !el) return;
    const observer = new IntersectionObserver(
      (seen) => {
        if (seen.some((e) => e.isIntersecting)) latest.current();
      },
      { root, rootMargin: '300px 0px' },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [pane, target, enabled]);
}
