import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * The message a link leads to (?message=: a search result, a pasted URL), and
 * `leave`, which goes back to the conversation's newest messages in the same
 * history entry.
 */
export function useLinkedMessage() {
  const [params, setParams] = useSearchParams();
  const linkedId = params.get('message') ?? undefined;
  const leave = useCallback(
    () =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          next.delete('message');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return { linkedId, leave };
}
