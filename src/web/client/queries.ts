import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { callApi, type Page } from '../api.ts';
import type { Client, ClientField, ClientPatch } from './types.ts';

export const clientKey = (id: string) => ['client', id] as const;

// Clients merged into another in this tab: their screens may still be on their way
// out, and must not ask for them again (the answer would be a 404).
const mergedAway = new Set<string>();

export function markMergedAway(id: string) {
  mergedAway.add(id);
}

/** False for a client merged into another: its queries stay idle. */
export function isLive(id: string) {
  return !mergedAway.has(id);
}

/** One client, as the dossier shows it. */
export function useClient(id: string) {
  return useQuery({
    queryKey: clientKey(id),
    queryFn: ({ signal }) => callApi<Client>('GET', `/clients/${id}`, undefined, signal),
    enabled: isLive(id),
  });
}

/** The workspace's custom field definitions, in form order (at most 100 exist in practice). */
export function useClientFields() {
  return useQuery({
    queryKey: ['client-fields'],
    queryFn: () => callApi<Page<ClientField>>('GET', '/client-fields?limit=100'),
    staleTime: 60_000,
  });
}

/**
 * Refreshes what shows a client after it changed: the dossier, its timeline and,
 * when its name may have changed, the conversations that print it.
 */
export function useClientChanged() {
  const queryClient = useQueryClient();
  return (client: Client | undefined, id: string, options: { renamed?: boolean } = {}) => {
    if (client) queryClient.setQueryData(clientKey(id), client);
    else void queryClient.invalidateQueries({ queryKey: clientKey(id) });
    void queryClient.invalidateQueries({ queryKey: ['client-timeline', id] });
    void queryClient.invalidateQueries({ queryKey: ['clients'] });
    if (options.renamed) {
      void queryClient.invalidateQueries({ queryKey: ['conversation'] });
      void queryClient.invalidateQueries({ queryKey: ['conversations'] });
    }
  };
}

/** Changes some of a client's fields (custom fields merge; null removes one). */
export function useUpdateClient(id: string) {
  const changed = useClientChanged();
  return useMutation({
    mutationFn: (patch: ClientPatch) => callApi<Client>('PATCH', `/clients/${id}`, patch),
    onSuccess: (client, patch) => changed(client, id, { renamed: patch.name !== undefined }),
  });
}
