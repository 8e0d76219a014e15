import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, callApi, setCsrfToken, type Session } from './api.ts';
import { changeLanguage, isAppLanguage } from './i18n/index.ts';

export const SESSION_KEY = ['session'] as const;

/** Applies a session's language: the user's own, else the workspace default. */
async function applySessionLanguage(session: Session) {
  const language = isAppLanguage(session.user.language)
    ? session.user.language
    : session.workspace.default_language;
  await changeLanguage(language);
}

/** The signed-in user and workspace, or null when nobody is signed in. */
export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async (): Promise<Session | null> => {
      try {
        const session = await callApi<Session>('GET', '/auth/session');
        setCsrfToken(session.csrf_token);
        await applySessionLanguage(session);
        return session;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: Infinity,
  });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) =>
      callApi<Session>('POST', '/auth/login', body),
    onSuccess: async (session) => {
      setCsrfToken(session.csrf_token);
      await applySessionLanguage(session);
      queryClient.setQueryData(SESSION_KEY, session);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => callApi<void>('POST', '/auth/logout'),
    onSettled: () => {
      setCsrfToken('');
      // Forget everything the user saw; the session query stays, observed, and now says null.
      queryClient.setQueryData(SESSION_KEY, null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
    },
  });
}
