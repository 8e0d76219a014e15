import { useEffect, useRef, useSyncExternalStore } from 'react';
import { PRESENCE_REPLYING_TTL_MS } from '../../shared/api/constants.ts';
import { realtime } from './client.ts';

/** Re-renders when the realtime connection or presence changes. */
export function useRealtimeVersion(): number {
  return useSyncExternalStore(realtime.subscribe, () => realtime.version);
}

/** Announces that this tab shows the conversation, for as long as the caller is mounted. */
export function useAnnounceViewing(conversationId: string) {
  useEffect(() => {
    realtime.setFocus(conversationId, 'viewing');
    return () => realtime.setFocus(null);
  }, [conversationId]);
}

/**
 * Tells the other agents that this user is writing in the conversation's
 * composer, while `text` keeps changing: call it with the composer's text.
 * Reports at most every few seconds; the server lets "replying" lapse on its own.
 */
export function useReportTyping(conversationId: string, text: string) {
  const lastSent = useRef(0);
  const first = useRef(true);
  useEffect(() => {
    // The initial (often empty) value is not typing.
    if (first.current) {
      first.current = false;
      return;
    }
    if (!text.trim()) return;
    const now = Date.now();
    if (now - lastSent.current < PRESENCE_REPLYING_TTL_MS / 2.5) return;
    lastSent.current = now;
    realtime.setFocus(conversationId, 'replying');
  }, [conversationId, text]);
}
