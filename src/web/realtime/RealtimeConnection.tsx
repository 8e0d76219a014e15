import { Badge } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { realtime } from './client.ts';
import { useRealtimeVersion } from './hooks.ts';

/**
 * Keeps the tab's realtime socket open while the signed-in shell is shown, and
 * says so when the link is lost (changes then appear after it comes back).
 */
export function RealtimeConnection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  useRealtimeVersion();
  useEffect(() => {
    realtime.start(queryClient);
    return () => realtime.stop();
  }, [queryClient]);
  if (!realtime.isReconnecting) return null;
  return (
    <Badge color="orange" variant="light" size="sm" role="status" title={t('realtime.offlineHint')}>
      {t('realtime.offline')}
    </Badge>
  );
}
