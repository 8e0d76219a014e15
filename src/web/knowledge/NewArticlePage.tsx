import { Anchor, Button, Group, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { callApi } from '../api.ts';
import { FormError } from '../admin/ui.tsx';
import { LANGUAGES, isAppLanguage, type AppLanguage } from '../i18n/index.ts';
import { ArticlePlacement } from './ArticlePlacement.tsx';
import { useCategories } from './CategoriesPanel.tsx';
import {
  languageLabel,
  useInvalidateKnowledge,
  type KnowledgeArticle,
  type VersionDraft,
  type Visibility,
} from './queries.ts';
import { VersionFields } from './VersionEditor.tsx';
import './knowledge.css';

/** A new article: where it goes, who sees it, and its first language version. */
export function NewArticlePage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const invalidate = useInvalidateKnowledge();
  const categories = useCategories();
  const [categoryId, setCategoryId] = useState(search.get('category') ?? '');
  const [visibility, setVisibility] = useState<Visibility>('internal');
  const [language, setLanguage] = useState<AppLanguage>(
    isAppLanguage(i18n.language) ? i18n.language : 'en',
  );
  const [draft, setDraft] = useState<VersionDraft>({
    title: '',
    body_markdown: '',
    meta_description: '',
    state: 'draft',
  });
  const chosenCategory = categoryId || categories.data?.[0]?.id || '';
  const create = useMutation({
    mutationFn: () =>
      callApi<KnowledgeArticle>('POST', '/knowledge/articles', {
        category_id: chosenCategory,
        visibility,
        version: { ...draft, language },
      }),
    onSuccess: async (article) => {
      await invalidate();
      await navigate(`/knowledge/articles/${article.id}?lang=${language}`, { replace: true });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const noCategories = categories.isSuccess && categories.data.length === 0;

  return (
    <Stack p="md" gap="md" className="kb-article">
      <Anchor component={Link} to="/knowledge" size="sm">
        {t('knowledge.back')}
      </Anchor>
      <Title order={2} size="h3">
        {t('knowledge.newArticle')}
      </Title>
      {noCategories ? (
        <Text c="dimmed">{t('knowledge.needsCategory')}</Text>
      ) : (
        <form onSubmit={submit} aria-label={t('knowledge.newArticle')}>
          <Stack gap="sm">
            <Paper withBorder p="sm">
              <ArticlePlacement
                categories={categories.data ?? []}
                categoryId={chosenCategory}
                onCategoryChange={setCategoryId}
                visibility={visibility}
                onVisibilityChange={setVisibility}
                visibilityLabelId="kb-new-visibility"
                error={create.error}
              >
                <NativeSelect
                  label={t('knowledge.editor.language')}
                  value={language}
                  onChange={(e) => {
                    if (isAppLanguage(e.currentTarget.value)) setLanguage(e.currentTarget.value);
                  }}
                  data={LANGUAGES.map((l) => ({ value: l, label: languageLabel(t, l) }))}
                />
              </ArticlePlacement>
            </Paper>
            <VersionFields
              draft={draft}
              onChange={setDraft}
              language={language}
              error={create.error}
            />
            <FormError
              error={create.error}
              fields={['category_id', 'version', 'title', 'body_markdown', 'meta_description']}
            />
            <Group justify="flex-end" gap="sm">
              <Text size="xs" c="dimmed">
                {draft.state === 'published' && visibility === 'public'
                  ? t('knowledge.editor.goesLive')
                  : t('knowledge.editor.staysHidden')}
              </Text>
              <Button type="submit" loading={create.isPending}>
                {t('knowledge.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
