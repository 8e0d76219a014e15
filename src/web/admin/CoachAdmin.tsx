import { Stack, Tabs, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CoachChecksPanel } from './coach/CoachChecksPanel.tsx';
import { CoachJargonPanel } from './coach/CoachJargonPanel.tsx';
import { CoachRulesPanel } from './coach/CoachRulesPanel.tsx';
import { ScreenHeader } from './ui.tsx';
import './coach/coachAdmin.css';

type Tab = 'rules' | 'jargon' | 'checks';

/**
 * The reply coach: its phrase rules per language (built-in and the
 * workspace's own), the jargon list, and the policies of the further checks.
 */
export function CoachAdmin() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('rules');
  return (
    <Stack>
      <ScreenHeader title={t('coachAdmin.title')} />
      <Text size="sm" c="dimmed" mt={-16} maw={760}>
        {t('coachAdmin.intro')}
      </Text>
      <Tabs value={tab} onChange={(v) => setTab((v as Tab | null) ?? 'rules')} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="rules">{t('coachAdmin.tab.rules')}</Tabs.Tab>
          <Tabs.Tab value="jargon">{t('coachAdmin.tab.jargon')}</Tabs.Tab>
          <Tabs.Tab value="checks">{t('coachAdmin.tab.checks')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="rules">
          <CoachRulesPanel />
        </Tabs.Panel>
        <Tabs.Panel value="jargon">
          <CoachJargonPanel />
        </Tabs.Panel>
        <Tabs.Panel value="checks">
          <CoachChecksPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
