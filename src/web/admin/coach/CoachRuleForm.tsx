import {
  Button,
  Group,
  NativeSelect,
  Paper,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  COACH_LANGUAGES,
  checkDraft,
  findPatternError,
  isCoachLanguage,
  type CoachLanguage,
  type LocalizedText,
} from '../../../shared/coach/index.ts';
import { callApi } from '../../api.ts';
import { LANGUAGE_NAMES } from '../../i18n/index.ts';
import { fieldError, FormError } from '../ui.tsx';
import { useRulesChanged } from './queries.ts';
import {
  POLICIES,
  REWRITE_SCOPES,
  type CoachRule,
  type Policy,
  type RewriteScope,
} from './types.ts';

const FIELDS = ['id', 'language', 'pattern', 'except', 'why', 'rewrite', 'rewrite_scope', 'policy'];

/**
 * A phrase rule's form: a new rule of the workspace, or a change to one (a
 * built-in rule is changed for this workspace only). The pattern is tried
 * on a sample sentence with the same engine the composer runs.
 */
export function CoachRuleForm(props: {
  rule: CoachRule | null;
  defaultLanguage: CoachLanguage;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const existing = props.rule;
  const ui: CoachLanguage = isCoachLanguage(i18n.language) ? i18n.language : 'en';
  const [language, setLanguage] = useState<CoachLanguage>(
    existing?.language ?? props.defaultLanguage,
  );
  const [pattern, setPattern] = useState(existing?.pattern ?? '');
  const [why, setWhy] = useState<LocalizedText>(existing?.why ?? {});
  const [whyLanguage, setWhyLanguage] = useState<CoachLanguage>(ui);
  const [rewrite, setRewrite] = useState(existing?.rewrite ?? '');
  const [scope, setScope] = useState<RewriteScope>(existing?.rewrite_scope ?? 'sentence');
  const [policy, setPolicy] = useState<Policy>(existing?.policy ?? 'warn');
  const [enabled, setEnabled] = useState(existing?.enabled ?? true);
  const changed = useRulesChanged();

  const save = useMutation({
    mutationFn: () => {
      const texts = Object.fromEntries(
        Object.entries(why)
          .map(([l, text]) => [l, text?.trim() ?? ''])
          .filter(([, text]) => text),
      );
      const body = {
        pattern,
        why: texts,
        ...(rewrite.trim() ? { rewrite: rewrite.trim() } : {}),
        rewrite_scope: scope,
        policy,
        enabled,
      };
      return existing
        ? callApi<CoachRule>('PATCH', `/coach/rules/${existing.id}`, body)
        : callApi<CoachRule>('POST', '/coach/rules', { ...body, language });
    },
    onSuccess: async () => {
      await changed();
      props.onDone();
    },
  });

  // A field edited after a refused save: the server's complaints no longer apply.
  const touched = () => {
    if (save.isError) save.reset();
  };

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack>
        <Group align="flex-start" grow>
          <NativeSelect
            label={t('coachAdmin.language')}
            description={existing ? t('coachAdmin.languageFixed') : undefined}
            value={language}
            disabled={!!existing}
            onChange={(e) => {
              touched();
              setLanguage(e.currentTarget.value as CoachLanguage);
            }}
            data={COACH_LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
            error={fieldError(save.error, 'language')}
          />
          <div>
            <Text size="sm" fw={500} id="coach-rule-policy" mb={4}>
              {t('coachAdmin.policy')}
            </Text>
            <SegmentedControl
              aria-labelledby="coach-rule-policy"
              value={policy}
              onChange={(v) => {
                touched();
                setPolicy(v as Policy);
              }}
              data={POLICIES.map((p) => ({ value: p, label: t(`coachAdmin.policy.${p}`) }))}
            />
            <Text size="xs" c="dimmed" mt={4}>
              {t(`coachAdmin.policyHelp.${policy}`)}
            </Text>
          </div>
        </Group>
        <Textarea
          label={t('coachAdmin.pattern')}
          description={t('coachAdmin.patternHelp')}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          required
          autosize
          minRows={1}
          maxRows={5}
          maxLength={600}
          value={pattern}
          onChange={(e) => {
            touched();
            setPattern(e.currentTarget.value);
          }}
          error={fieldError(save.error, 'pattern')}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          data-autofocus
        />
        <PatternTester
          pattern={pattern}
          except={existing?.except ?? []}
          language={language}
          policy={policy}
        />
        <div>
          <Group justify="space-between" align="flex-end" mb={4}>
            <Text size="sm" fw={500} id="coach-rule-why">
              {t('coachAdmin.why')}{' '}
              <Text span c="red" aria-hidden>
                *
              </Text>
            </Text>
            <SegmentedControl
              size="xs"
              aria-label={t('coachAdmin.whyLanguage')}
              value={whyLanguage}
              onChange={(v) => setWhyLanguage(v as CoachLanguage)}
              data={COACH_LANGUAGES.map((l) => ({
                value: l,
                label: why[l]?.trim() ? `${l.toUpperCase()} ✓` : l.toUpperCase(),
              }))}
            />
          </Group>
          <Textarea
            aria-labelledby="coach-rule-why"
            aria-describedby="coach-rule-why-help"
            lang={whyLanguage}
            autosize
            minRows={2}
            maxRows={5}
            maxLength={1000}
            value={why[whyLanguage] ?? ''}
            onChange={(e) => {
              const value = e.currentTarget.value;
              touched();
              setWhy((w) => ({ ...w, [whyLanguage]: value }));
            }}
            error={fieldError(save.error, 'why')}
          />
          <Text size="xs" c="dimmed" mt={4} id="coach-rule-why-help">
            {t('coachAdmin.whyHelp', { language: LANGUAGE_NAMES[whyLanguage] })}
          </Text>
        </div>
        <Group align="flex-start" grow>
          <Textarea
            label={t('coachAdmin.rewrite')}
            description={t('coachAdmin.rewriteHelp', { language: LANGUAGE_NAMES[language] })}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            lang={language}
            autosize
            minRows={1}
            maxRows={4}
            maxLength={1000}
            value={rewrite}
            onChange={(e) => {
              touched();
              setRewrite(e.currentTarget.value);
            }}
            error={fieldError(save.error, 'rewrite')}
          />
          <NativeSelect
            label={t('coachAdmin.rewriteScope')}
            value={scope}
            onChange={(e) => {
              touched();
              setScope(e.currentTarget.value as RewriteScope);
            }}
            data={REWRITE_SCOPES.map((s) => ({ value: s, label: t(`coachAdmin.scope.${s}`) }))}
            error={fieldError(save.error, 'rewrite_scope')}
          />
        </Group>
        <Switch
          label={t('coachAdmin.enabled')}
          checked={enabled}
          onChange={(e) => {
            touched();
            setEnabled(e.currentTarget.checked);
          }}
        />
        <FormError error={save.error} fields={FIELDS} />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onDone}>
            {t('admin.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {existing ? t('admin.save') : t('coachAdmin.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The engine's checks other than the phrase rules, off: the tester shows this one rule. */
const ONLY_PHRASES = { introduction: 'off', 'client-name': 'off', jargon: 'off' } as const;

/**
 * "Test this pattern": the sample sentence with what the pattern matches
 * marked, found by the shared engine in the browser, or what is wrong with it.
 */
function PatternTester(props: {
  pattern: string;
  except: string[];
  language: CoachLanguage;
  policy: Policy;
}) {
  const { t } = useTranslation();
  const [sample, setSample] = useState('');
  const error = props.pattern.trim() ? findPatternError(props.pattern) : undefined;
  const findings =
    !error && props.pattern.trim() && sample.trim()
      ? checkDraft(sample, {
          language: props.language,
          rules: [
            {
              id: 'test',
              language: props.language,
              pattern: props.pattern,
              except: props.except,
              why: { en: '-' },
              policy: props.policy,
            },
          ],
          context: { checks: ONLY_PHRASES },
        }).findings
      : [];

  const parts: { text: string; found: boolean }[] = [];
  let at = 0;
  for (const f of findings) {
    if (f.start < at) continue;
    parts.push({ text: sample.slice(at, f.start), found: false });
    parts.push({ text: sample.slice(f.start, f.end), found: true });
    at = f.end;
  }
  parts.push({ text: sample.slice(at), found: false });

  return (
    <Paper withBorder p="sm" bg="gray.0" component="section" aria-labelledby="coach-test-title">
      <Text size="sm" fw={600} id="coach-test-title" mb={4}>
        {t('coachAdmin.test.title')}
      </Text>
      <TextInput
        label={t('coachAdmin.test.sample')}
        placeholder={t('coachAdmin.test.placeholder')}
        lang={props.language}
        value={sample}
        onChange={(e) => setSample(e.currentTarget.value)}
      />
      <div aria-live="polite" className="coach-test-result">
        {error ? (
          <Text size="sm" c="red.8" mt={6}>
            {t('coachAdmin.test.error', {
              problem: t(`coachAdmin.patternError.${error.code}`),
              at: error.at + 1,
            })}
          </Text>
        ) : sample.trim() && props.pattern.trim() ? (
          <>
            <Text size="sm" mt={6}>
              {t('coachAdmin.test.matches', { count: findings.length })}
            </Text>
            {findings.length > 0 && (
              <Text size="sm" mt={2} className="coach-test-sample" data-testid="coach-test-sample">
                {parts.map((p, i) =>
                  p.found ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>,
                )}
              </Text>
            )}
          </>
        ) : null}
      </div>
    </Paper>
  );
}
