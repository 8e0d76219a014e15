import { Center, Loader } from '@mantine/core';
import { Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { InboxPage } from './inbox/InboxPage.tsx';
import { lazyNamed } from './lazy.ts';
import { LoginPage } from './LoginPage.tsx';
import { Shell } from './Shell.tsx';
import { useSession } from './session.ts';

// Pages other than the inbox load when first opened, so the inbox's JavaScript stays small.
const ClientPage = lazyNamed(() => import('./client/ClientPage.tsx'), 'ClientPage');
const ClientList = lazyNamed(() => import('./client/ClientList.tsx'), 'ClientList');
const AdminPage = lazyNamed(() => import('./admin/AdminPage.tsx'), 'AdminPage');
const CallbacksPage = lazyNamed(() => import('./callbacks/CallbacksPage.tsx'), 'CallbacksPage');
const PromisesPage = lazyNamed(() => import('./promises/PromisesPage.tsx'), 'PromisesPage');
const DiscountsPage = lazyNamed(() => import('./discounts/DiscountsPage.tsx'), 'DiscountsPage');
const KnowledgePage = lazyNamed(() => import('./knowledge/KnowledgePage.tsx'), 'KnowledgePage');
const ArticlePage = lazyNamed(() => import('./knowledge/ArticlePage.tsx'), 'ArticlePage');
const NewArticlePage = lazyNamed(() => import('./knowledge/NewArticlePage.tsx'), 'NewArticlePage');
const SearchPage = lazyNamed(() => import('./search/SearchPage.tsx'), 'SearchPage');

function Lazy({ page }: { page: React.ReactNode }) {
  return (
    <Suspense
      fallback={
        <Center h="50vh">
          <Loader />
        </Center>
      }
    >
      {page}
    </Suspense>
  );
}

export function App() {
  const session = useSession();
  if (session.isPending)
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  const signedIn = Boolean(session.data);
  return (
    <Routes>
      <Route path="/login" element={signedIn ? <Navigate to="/" replace /> : <LoginPage />} />
      <Route element={signedIn ? <Shell /> : <Navigate to="/login" replace />}>
        <Route path="/inbox/:view/:conversationId?" element={<InboxPage />} />
        <Route path="/clients" element={<Lazy page={<ClientList />} />} />
        <Route path="/clients/:clientId" element={<Lazy page={<ClientPage />} />} />
        <Route path="/admin/:section?" element={<Lazy page={<AdminPage />} />} />
        <Route path="/callbacks" element={<Lazy page={<CallbacksPage />} />} />
        <Route path="/promises" element={<Lazy page={<PromisesPage />} />} />
        <Route path="/discounts" element={<Lazy page={<DiscountsPage />} />} />
        <Route path="/knowledge" element={<Lazy page={<KnowledgePage />} />} />
        <Route path="/knowledge/new" element={<Lazy page={<NewArticlePage />} />} />
        <Route path="/knowledge/articles/:articleId" element={<Lazy page={<ArticlePage />} />} />
        <Route path="/search" element={<Lazy page={<SearchPage />} />} />
      </Route>
      <Route path="*" element={<Navigate to={signedIn ? '/inbox/mine' : '/login'} replace />} />
    </Routes>
  );
}
