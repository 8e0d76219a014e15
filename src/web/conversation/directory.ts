import { useQuery } from '@tanstack/react-query';
import {
  callApi,
  type Conversation,
  type Page,
  type TeamSummary,
  type UserSummary,
} from '../api.ts';

const MINUTE = 60_000;

/** The workspace's active people, for assignee and receiver pickers. */
export function useActiveUsers() {
  return useQuery({
    queryKey: ['users', 'active'],
    queryFn: () => callApi<Page<UserSummary>>('GET', '/users?active=true&limit=100'),
    select: (page) => page.items,
    staleTime: 5 * MINUTE,
  });
}

/** The workspace's teams. */
export function useTeams() {
  return useQuery({
    queryKey: ['teams', 'all'],
    queryFn: () => callApi<Page<TeamSummary>>('GET', '/teams?limit=100'),
    select: (page) => page.items,
    staleTime: 5 * MINUTE,
  });
}

/**
 * Tag suggestions: the catalogue (when the tags feature answers) and the tags on
 * recently active conversations, so free-text tags already in use are offered too.
 */
export function useTagSuggestions(enabled = true) {
  return useQuery({
    enabled,
    queryKey: ['tag-suggestions'],
    queryFn: async () => {
      const [catalogue, recent] = await Promise.all([
        callApi<Page<{ name: string }>>('GET', '/tags?limit=200').catch(() => ({ items: [] })),
        callApi<Page<Conversation>>('GET', '/conversations?view=all&limit=100').catch(() => ({
          items: [],
        })),
      ]);
      const names = new Set(catalogue.items.map((t) => t.name));
      for (const c of recent.items) for (const tag of c.tags) names.add(tag);
      return [...names].sort((a, b) => a.localeCompare(b));
    },
    staleTime: 5 * MINUTE,
  });
}
