import {
  Alert,
  Anchor,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Switch,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import type {
  DeflectionReport as DeflectionReportSchema,
  PortalSettingsResponse,
} from '../../shared/api/portal.ts';
import { callApi } from '../api.ts';
import { formatNumber } from '../format.ts';
import { LANGUAGE_NAMES, isAppLanguage } from '../i18n/index.ts';
import { useSession } from '../session.ts';
import { FormError, QueryState, ScreenHeader } from './ui.tsx';
import './portalAdmin.css';

type Settings = z.infer<typeof PortalSettingsResponse>;
type DeflectionReport = z.infer<typeof DeflectionReportSchema>;

const SETTINGS_KEY = ['admin', 'portal-settings'];
const PERIODS = [7, 30, 90] as const;
const DAY = 86_400_000;

/**
 * The customer portal and help centre: where clients find them, whether a
 * company's people see each other's requests, and how many requests the FAQ
 * saved (a client read a suggested article and sent nothing).
 */
export function PortalAdmin() {
  const { t } = useTranslation();
  const settings = useQuery({
    queryKey: SETTINGS_KEY,
    queryFn: ({ signal }) => callApi<Settings>('GET', '/portal/settings', undefined, signal),
  });
  return (
    <Stack>
      <ScreenHeader title={t('portalAdmin.title')} />
      <Text size="sm" maw={720}>
        {t('portalAdmin.intro')}
      </Text>
      <QueryState query={settings}>
        {settings.data && <PortalSettingsForm settings={settings.data} />}
      </QueryState>
      <Deflections />
    </Stack>
  );
}

function PortalSettingsForm({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const isAdmin = useSession().data?.user.role === 'admin';
  // What the admin switched to, shown at once: the mutation's pending state reaches
  // the switch only a task later, and React would put the old value back meanwhile.
  const [wanted, setWanted] = useState<boolean | null>(null);
  const save = useMutation({
    mutationFn: (share: boolean) =>
      callApi<Settings>('PUT', '/portal/settings', { share_company_requests: share }),
    onSuccess: (saved) => queryClient.setQueryData(SETTINGS_KEY, saved),
    onSettled: () => setWanted(null),
  });
  const origin = window.location.origin;
  const portal = `${origin}${settings.portal_path}`;
  // The help centre lives beside the portal, under the same workspace slug.
  const help = portal.replace('/portal/', '/help/');
  const share = wanted ?? settings.share_company_requests;
  return (
    <Paper withBorder p="md" maw={720}>
      <Stack gap="sm">
        <Group gap="xs" wrap="nowrap">
          <Text size="sm" fw={600} w={140}>
            {t('portalAdmin.portal')}
          </Text>
          <Anchor href={portal} target="_blank" rel="noreferrer" size="sm" className="portal-url">
            {portal}
          </Anchor>
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Text size="sm" fw={600} w={140}>
            {t('portalAdmin.help')}
          </Text>
          <Anchor href={help} target="_blank" rel="noreferrer" size="sm" className="portal-url">
            {help}
          </Anchor>
        </Group>
        <Switch
          mt="xs"
          label={t('portalAdmin.share')}
          description={isAdmin ? t('portalAdmin.shareHelp') : t('portalAdmin.adminOnly')}
          checked={share}
          disabled={!isAdmin || wanted !== null}
          onChange={(e) => {
            const checked = e.currentTarget.checked;
            setWanted(checked);
            save.mutate(checked);
          }}
        />
        <FormError error={save.error} />
        {save.isSuccess && (
          <Alert color="green" role="status">
            {t('admin.saved')}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

function Deflections() {
  const { t, i18n } = useTranslation();
  const [days, setDays] = useState<(typeof PERIODS)[number]>(30);
  // One range per period choice, so the query key stays put between renders.
  const range = useMemo(() => {
    const to = new Date();
    return { from: new Date(to.getTime() - days * DAY).toISOString(), to: to.toISOString() };
  }, [days]);
  const report = useQuery({
    queryKey: ['admin', 'portal-deflections', days],
    queryFn: ({ signal }) =>
      callApi<DeflectionReport>(
        'GET',
        `/portal/deflections?from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}&limit=20`,
        undefined,
        signal,
      ),
  });
  const items = report.data?.items ?? [];
  const most = Math.max(1, ...items.map((i) => i.count));
  return (
    <Paper withBorder p="md" maw={720} component="section" aria-labelledby="deflections-title">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end">
          <div>
            <Title order={3} size="h5" id="deflections-title">
              {t('portalAdmin.deflections.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('portalAdmin.deflections.intro')}
            </Text>
          </div>
          <SegmentedControl
            size="xs"
            aria-label={t('portalAdmin.deflections.period')}
            value={String(days)}
            onChange={(v) => setDays(Number(v) as (typeof PERIODS)[number])}
            data={PERIODS.map((d) => ({
              value: String(d),
              label: t('portalAdmin.deflections.days', { count: d }),
            }))}
          />
        </Group>
        <QueryState query={report}>
          {report.data && (
            <>
              <Text size="sm" role="status">
                {t('portalAdmin.deflections.total', { count: report.data.total })}
              </Text>
              {items.length > 0 && (
                <Table layout="fixed" verticalSpacing={6}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w="45%">{t('portalAdmin.deflections.article')}</Table.Th>
                      <Table.Th w="20%">{t('portalAdmin.deflections.language')}</Table.Th>
                      <Table.Th>{t('portalAdmin.deflections.count')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.map((item) => (
                      <Table.Tr key={`${item.article_id ?? item.slug ?? ''}:${item.language}`}>
                        <Table.Td>
                          {item.article_id ? (
                            <Anchor
                              component={Link}
                              to={`/knowledge/articles/${item.article_id}`}
                              size="sm"
                            >
                              {item.title ?? item.slug}
                            </Anchor>
                          ) : (
                            <Text size="sm" c="dimmed">
                              {t('portalAdmin.deflections.deleted')}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          {isAppLanguage(item.language)
                            ? LANGUAGE_NAMES[item.language]
                            : item.language}
                        </Table.Td>
                        <Table.Td>
                          <div className="deflection-cell">
                            <span
                              className="deflection-bar"
                              aria-hidden="true"
                              style={{ width: `${(item.count / most) * 100}%` }}
                            />
                            <Text size="sm" span>
                              {formatNumber(item.count, i18n.language)}
                            </Text>
                          </div>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </>
          )}
        </QueryState>
      </Stack>
    </Paper>
  );
}
