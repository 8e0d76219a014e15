import {
  Alert,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api.ts';
import { LanguagePicker } from './LanguagePicker.tsx';
import { changeLanguage } from './i18n/index.ts';
import { useLogin } from './session.ts';

export function LoginPage() {
  const { t } = useTranslation();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!email.trim() || !password) {
      setMissing(true);
      return;
    }
    setMissing(false);
    login.mutate({ email: email.trim(), password });
  };

  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Paper component="main" withBorder shadow="sm" p="xl" w={380} radius="md">
        <form onSubmit={submit} noValidate>
          <Stack>
            <div>
              <Title order={1} size="h3">
                {t('login.title')}
              </Title>
              <Text c="dimmed" size="sm">
                {t('login.subtitle')}
              </Text>
            </div>
            {(missing || login.error) && (
              <Alert color="red" role="alert">
                {missing ? t('login.required') : describeLoginError(login.error, t)}
              </Alert>
            )}
            <TextInput
              label={t('login.email')}
              type="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              autoFocus
            />
            <PasswordInput
              label={t('login.password')}
              autoComplete="current-password"
              visibilityToggleButtonProps={{ 'aria-label': t('login.togglePassword') }}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Button type="submit" loading={login.isPending}>
              {t('login.submit')}
            </Button>
            <LanguagePicker size="xs" onChange={(l) => void changeLanguage(l)} />
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}

function describeLoginError(error: Error | null, t: TFunction) {
  if (error instanceof ApiError) {
    if (error.status === 401 || error.status === 400) return t('login.failed');
    if (error.status === 429) return t('login.rateLimited');
  }
  return t('common.error', { message: error?.message ?? '' });
}
