import {
  Badge,
  Button,
  Group,
  Modal,
  NativeSelect,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isCoachLanguage, pickText, type CoachLanguage } from '../../../shared/coach/index.ts';
import { callApi } from '../../api.ts';
import { LANGUAGES, LANGUAGE_NAMES } from '../../i18n/index.ts';
import { ConfirmDelete, FormError, QueryState, useEditor } from '../ui.tsx';
import { CoachRuleForm } from './CoachRuleForm.tsx';
import { useRulesChanged } from './queries.ts';
import {
  POLICIES,
  POLICY_COLORS,
  RULES_KEY,
  type CoachRule,
  type CoachRuleList,
  type Policy,
} from './types.ts';

/** A language's rules, filtered by policy and words; switch on and off, edit, add, reset. */
export function CoachRulesPanel() {
  const { t, i18n } = useTranslation();
  const ui: CoachLanguage = isCoachLanguage(i18n.language) ? i18n.language : 'en';
  const [language, setLanguage] = useState<CoachLanguage>(ui);
  const [policy, setPolicy] = useState<Policy | ''>('');
  const [q, setQ] = useState('');
  const editor = useEditor<CoachRule | 'new'>();
  const rules = useQuery({
    queryKey: [...RULES_KEY, language],
    queryFn: ({ signal }) =>
      callApi<CoachRuleList>('GET', `/coach/rules?language=${language}`, undefined, signal),
  });
  const needle = q.trim().toLowerCase();
  const shown = (rules.data?.items ?? []).filter(
    (r) =>
      (!policy || r.policy === policy) &&
      (!needle ||
        [r.pattern, r.rewrite ?? '', pickText(r.why, ui, r.language)].some((s) =>
          s.toLowerCase().includes(needle),
        )),
  );

  return (
    <Stack>
      <Group align="flex-end" justify="space-between">
        <Group align="flex-end">
          <NativeSelect
            label={t('coachAdmin.language')}
            value={language}
            onChange={(e) => setLanguage(e.currentTarget.value as CoachLanguage)}
            data={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
          />
          <NativeSelect
            label={t('coachAdmin.policy')}
            value={policy}
            onChange={(e) => setPolicy(e.currentTarget.value as Policy | '')}
            data={[
              { value: '', label: t('coachAdmin.allPolicies') },
              ...POLICIES.map((p) => ({ value: p, label: t(`coachAdmin.policy.${p}`) })),
            ]}
          />
          <TextInput
            label={t('coachAdmin.search')}
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            w={220}
          />
        </Group>
        {rules.data?.abilities.create && (
          <Button onClick={() => editor.open('new')}>{t('coachAdmin.new')}</Button>
        )}
      </Group>
      <QueryState query={rules}>
        {shown.length === 0 ? (
          <Text c="dimmed">{t('coachAdmin.none')}</Text>
        ) : (
          <Table
            striped
            layout="fixed"
            verticalSpacing="xs"
            aria-label={t('coachAdmin.rulesOf', { language: LANGUAGE_NAMES[language] })}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={56}>{t('coachAdmin.col.enabled')}</Table.Th>
                <Table.Th>{t('coachAdmin.col.phrase')}</Table.Th>
                <Table.Th w={124}>{t('coachAdmin.policy')}</Table.Th>
                <Table.Th w={156}>
                  <VisuallyHidden>{t('coachAdmin.col.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((rule) => (
                <RuleRow key={rule.id} rule={rule} ui={ui} onEdit={() => editor.open(rule)} />
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
      <Modal
        opened={editor.opened}
        onClose={editor.close}
        size="xl"
        closeButtonProps={{ 'aria-label': t('coach.close') }}
        title={editor.item === 'new' ? t('coachAdmin.newTitle') : t('coachAdmin.editTitle')}
      >
        {editor.item !== null && (
          <CoachRuleForm
            key={editor.version}
            rule={editor.item === 'new' ? null : editor.item}
            defaultLanguage={language}
            onDone={editor.close}
          />
        )}
      </Modal>
    </Stack>
  );
}

/** A pattern as the list shows it: one line, however it was written. */
const oneLine = (pattern: string) => pattern.replace(/\s+/g, ' ').trim();

function RuleRow({ rule, ui, onEdit }: { rule: CoachRule; ui: CoachLanguage; onEdit: () => void }) {
  const { t } = useTranslation();
  const changed = useRulesChanged();
  const toggle = useMutation({
    mutationFn: (enabled: boolean) =>
      callApi<CoachRule>('PATCH', `/coach/rules/${rule.id}`, { enabled }),
    onSuccess: changed,
  });
  const remove = useMutation({
    mutationFn: () => callApi('DELETE', `/coach/rules/${rule.id}`),
    onSuccess: changed,
  });
  const pattern = oneLine(rule.pattern);
  const why = pickText(rule.why, ui, rule.language);
  return (
    <Table.Tr className={rule.enabled ? undefined : 'coach-rule-off'}>
      <Table.Td>
        <Switch
          checked={rule.enabled}
          disabled={!rule.abilities.update || toggle.isPending}
          onChange={(e) => toggle.mutate(e.currentTarget.checked)}
          aria-label={t('coachAdmin.enabledFor', { pattern })}
        />
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace" className="coach-rule-pattern" lineClamp={2} title={pattern}>
          {pattern}
        </Text>
        <Text size="xs" c="dimmed" lineClamp={2}>
          {why}
        </Text>
        {rule.rewrite && (
          <Text size="xs" c="teal.9" lineClamp={1} lang={rule.language}>
            {t('coach.better', { text: rule.rewrite })}
          </Text>
        )}
        <FormError error={toggle.error ?? remove.error} />
      </Table.Td>
      <Table.Td>
        <Stack gap={4} align="flex-start">
          <Badge color={POLICY_COLORS[rule.policy]} variant="light">
            {t(`coachAdmin.policy.${rule.policy}`)}
          </Badge>
          <Text size="xs" c="dimmed">
            {t(rule.source === 'default' ? 'coachAdmin.source.default' : 'coachAdmin.source.own')}
            {rule.changed && ` · ${t('coachAdmin.changed')}`}
          </Text>
        </Stack>
      </Table.Td>
      <Table.Td>
        <Group gap={4} justify="flex-end" wrap="nowrap">
          {rule.abilities.update && (
            <Button
              size="xs"
              variant="default"
              onClick={onEdit}
              aria-label={t('coachAdmin.editFor', { pattern })}
            >
              {t('admin.edit')}
            </Button>
          )}
          {rule.abilities.delete && (
            <ConfirmDelete
              label={t(rule.source === 'default' ? 'coachAdmin.reset' : 'admin.delete')}
              question={t(
                rule.source === 'default'
                  ? 'coachAdmin.resetQuestion'
                  : 'coachAdmin.deleteQuestion',
                { pattern },
              )}
              onConfirm={() => remove.mutate()}
              loading={remove.isPending}
            />
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
