import { Badge, Group, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n/index.ts';
import { languageLabel, type VersionState } from './queries.ts';

/** The languages an article is written in, green when published, grey while a draft. */
export function LanguageBadges({
  versions,
}: {
  versions: { language: string; state: VersionState }[];
}) {
  const { t } = useTranslation();
  const byLanguage = new Map(versions.map((v) => [v.language, v.state]));
  return (
    <Group gap={4} wrap="nowrap">
      {LANGUAGES.filter((l) => byLanguage.has(l)).map((l) => {
        const state = byLanguage.get(l)!;
        return (
          <Badge
            key={l}
            size="sm"
            radius="sm"
            variant={state === 'published' ? 'filled' : 'outline'}
            color={state === 'published' ? 'teal.8' : 'gray.7'}
          >
            <span aria-hidden="true">{l.toUpperCase()}</span>
            <VisuallyHidden>
              {languageLabel(t, l)}, {t(`knowledge.state.${state}`)}
            </VisuallyHidden>
          </Badge>
        );
      })}
    </Group>
  );
}
