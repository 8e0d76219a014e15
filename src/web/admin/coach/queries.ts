import { useQueryClient } from '@tanstack/react-query';
import { COMPOSER_RULES_KEY, RULES_KEY } from './types.ts';

/** After a rule changes: the admin list and the composer's copy of the rules refresh. */
export function useRulesChanged() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: RULES_KEY }),
      queryClient.invalidateQueries({ queryKey: COMPOSER_RULES_KEY }),
    ]);
}
