import '@mantine/core/styles.css';
import './app.css';
import { MantineProvider } from '@mantine/core';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { ApiError } from './api.ts';
import { App } from './App.tsx';
import { initI18n } from './i18n/index.ts';
import { prefetchInboxAt } from './inbox/queries.ts';
import { SESSION_KEY } from './session.ts';
import { cssVariables, localisedTheme } from './theme.ts';

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({
    // A session that expired or was revoked elsewhere: back to the sign-in screen.
    onError: (error) => {
      if (error instanceof ApiError && error.status === 401)
        queryClient.setQueryData(SESSION_KEY, null);
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});

// The language is asked for first (nothing shows without it), then the inbox's rows,
// which load while the language does and the app first renders.
const i18nReady = initI18n();
prefetchInboxAt(queryClient, window.location);
await i18nReady;

/** Mantine with the theme in the reader's language (it follows a language switch). */
function ThemedApp() {
  const { t, i18n } = useTranslation();
  const closeLabel = t('common.close');
  const localised = useMemo(() => localisedTheme(closeLabel), [closeLabel, i18n.language]);
  return (
    <MantineProvider theme={localised} cssVariablesResolver={cssVariables}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ThemedApp />
  </StrictMode>,
);
