import { Center, Loader } from '@mantine/core';
import { Navigate, Route, Routes } from 'react-router';
import { LoginPage } from './LoginPage.tsx';
import { Shell } from './Shell.tsx';
import { useSession } from './session.ts';

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
      <Route
        path="/inbox/:view/:conversationId?"
        element={signedIn ? <Shell /> : <Navigate to="/login" replace />}
      />
      <Route path="*" element={<Navigate to={signedIn ? '/inbox/mine' : '/login'} replace />} />
    </Routes>
  );
}
