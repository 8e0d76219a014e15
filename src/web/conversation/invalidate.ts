import { useQueryClient } from '@tanstack/react-query';

/** Refreshes everything a change to one conversation shows up in. */
export function useInvalidateConversation(id: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['conversation', id] }),
      queryClient.invalidateQueries({ queryKey: ['messages', id] }),
      queryClient.invalidateQueries({ queryKey: ['events', id] }),
      queryClient.invalidateQueries({ queryKey: ['callbacks'] }),
      // A reply may propose promises; a delay notice re-dates one.
      queryClient.invalidateQueries({ queryKey: ['promises'] }),
      queryClient.invalidateQueries({ queryKey: ['conversations'] }),
      queryClient.invalidateQueries({ queryKey: ['counts'] }),
    ]);
}
