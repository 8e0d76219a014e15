import {
  Anchor,
  Button,
  Group,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../api.ts';
import { ConfirmDelete, FormError, fieldError } from '../admin/ui.tsx';
import type { AppLanguage } from '../i18n/index.ts';
import { useSession } from '../session.ts';
import { ArticleHtml, MarkdownEditor } from './MarkdownEditor.tsx';
import {
  helpCentreUrl,
  useInvalidateKnowledge,
  type KnowledgeArticle,
  type KnowledgeVersion,
  type VersionDraft,
  languageName,
  formatWhen,
} from './queries.ts';

const FIELDS = ['title', 'body_markdown', 'meta_description', 'state'];

/** The fields of a language version: title, meta description, Markdown with preview, state. */
export function VersionFields(props: {
  draft: VersionDraft;
  onChange: (draft: VersionDraft) => void;
  language: AppLanguage;
  error: unknown;
  saved?: KnowledgeVersion;
}) {
  const { t } = useTranslation();
  const { draft, onChange } = props;
  const set = (patch: Partial<VersionDraft>) => onChange({ ...draft, ...patch });
  return (
    <>
      <TextInput
        label={t('knowledge.editor.title')}
        value={draft.title}
        onChange={(e) => set({ title: e.currentTarget.value })}
        lang={props.language}
        maxLength={200}
        required
        error={fieldError(props.error, 'title', 'version.title')}
      />
      <TextInput
        label={t('knowledge.editor.metaDescription')}
        description={t('knowledge.editor.metaDescriptionHint')}
        value={draft.meta_description}
        onChange={(e) => set({ meta_description: e.currentTarget.value })}
        lang={props.language}
        maxLength={300}
        error={fieldError(props.error, 'meta_description', 'version.meta_description')}
      />
      <MarkdownEditor
        value={draft.body_markdown}
        onChange={(body_markdown) => set({ body_markdown })}
        savedHtml={props.saved?.body_html}
        savedMarkdown={props.saved?.body_markdown}
        language={props.language}
        error={fieldError(props.error, 'body_markdown', 'version.body_markdown')}
      />
      <div>
        <Text size="sm" fw={500} mb={4} id={`kb-state-${props.language}`}>
          {t('knowledge.editor.state')}
        </Text>
        <SegmentedControl
          aria-labelledby={`kb-state-${props.language}`}
          value={draft.state}
          onChange={(v) => set({ state: v as VersionDraft['state'] })}
          data={[
            { value: 'draft', label: t('knowledge.state.draft') },
            { value: 'published', label: t('knowledge.state.published') },
          ]}
        />
      </div>
    </>
  );
}

const emptyDraft: VersionDraft = {
  title: '',
  body_markdown: '',
  meta_description: '',
  state: 'draft',
};

/**
 * One language of an article: writers edit and save it (each save is a
 * revision), readers read it. A missing language is offered to be written.
 */
export function VersionPanel(props: {
  article: KnowledgeArticle;
  language: AppLanguage;
  version: KnowledgeVersion | undefined;
}) {
  const { t } = useTranslation();
  const { article, language, version } = props;
  const canEdit = article.abilities.update;
  if (!canEdit) {
    if (!version)
      return (
        <Text c="dimmed" py="md">
          {t('knowledge.version.missing', { language: languageName(t, language) })}
        </Text>
      );
    return (
      <Stack gap="sm" py="md" lang={language}>
        <Title order={3} size="h4">
          {version.title}
        </Title>
        <VersionFacts article={article} version={version} language={language} />
        <ArticleHtml html={version.body_html} />
      </Stack>
    );
  }
  // A restore or someone's save brings a new revision: the form starts again from it.
  return (
    <VersionForm
      key={version?.revision_id ?? 'new'}
      article={article}
      language={language}
      version={version}
    />
  );
}

function VersionForm(props: {
  article: KnowledgeArticle;
  language: AppLanguage;
  version: KnowledgeVersion | undefined;
}) {
  const { t } = useTranslation();
  const { article, language, version } = props;
  const invalidate = useInvalidateKnowledge();
  const [draft, setDraft] = useState<VersionDraft>(() =>
    version
      ? {
          title: version.title,
          body_markdown: version.body_markdown,
          meta_description: version.meta_description,
          state: version.state,
        }
      : emptyDraft,
  );
  const save = useMutation({
    mutationFn: () =>
      callApi<KnowledgeVersion>('PUT', `/knowledge/articles/${article.id}/versions/${language}`, {
        ...draft,
        // Refused (409) when someone saved this language since it was opened here.
        ...(version?.revision_id ? { base_revision_id: version.revision_id } : {}),
      }),
    onSuccess: () => invalidate(),
  });
  const remove = useMutation({
    mutationFn: () => callApi('DELETE', `/knowledge/articles/${article.id}/versions/${language}`),
    onSuccess: () => invalidate(),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const goesLive = draft.state === 'published' && article.visibility === 'public';

  return (
    <form
      onSubmit={submit}
      aria-label={t('knowledge.version.form', { language: languageName(t, language) })}
    >
      <Stack gap="sm" py="md">
        {version ? (
          <VersionFacts article={article} version={version} language={language} />
        ) : (
          <Text size="sm" c="dimmed">
            {t('knowledge.version.writeNew', { language: languageName(t, language) })}
          </Text>
        )}
        <VersionFields
          draft={draft}
          onChange={setDraft}
          language={language}
          error={save.error}
          saved={version}
        />
        <FormError error={save.error} fields={FIELDS} />
        <FormError error={remove.error} />
        <Group justify="space-between">
          {version && article.versions.length > 1 ? (
            <ConfirmDelete
              label={t('knowledge.version.delete', { language: languageName(t, language) })}
              question={t('knowledge.version.deleteQuestion')}
              onConfirm={() => remove.mutate()}
              loading={remove.isPending}
            />
          ) : (
            <span />
          )}
          <Group gap="sm">
            <Text size="xs" c="dimmed">
              {goesLive ? t('knowledge.editor.goesLive') : t('knowledge.editor.staysHidden')}
            </Text>
            <Button type="submit" loading={save.isPending}>
              {t('knowledge.save')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

/** Who saved a version last and when, and where readers find it once it is live. */
function VersionFacts(props: {
  article: KnowledgeArticle;
  version: KnowledgeVersion;
  language: AppLanguage;
}) {
  const { t, i18n } = useTranslation();
  const session = useSession().data;
  const { article, version } = props;
  const live = article.visibility === 'public' && version.state === 'published';
  let link: ReactNode = null;
  if (live && session)
    link = (
      <Anchor
        href={helpCentreUrl(session.workspace.slug, props.language, article.slug)}
        target="_blank"
        rel="noopener"
        size="xs"
      >
        {t('knowledge.version.openInHelpCentre')}
      </Anchor>
    );
  return (
    <Group gap="sm">
      <Text size="xs" c="dimmed">
        {version.updated_by
          ? t('knowledge.version.savedBy', {
              when: formatWhen(version.updated_at, i18n.language),
              name: version.updated_by.name,
            })
          : t('knowledge.version.saved', {
              when: formatWhen(version.updated_at, i18n.language),
            })}
      </Text>
      {link}
    </Group>
  );
}
