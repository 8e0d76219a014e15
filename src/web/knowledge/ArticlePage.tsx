import {
  Anchor,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { callApi } from '../api.ts';
import { ConfirmDelete, FormError, fieldError } from '../admin/ui.tsx';
import { LANGUAGES, isAppLanguage, type AppLanguage } from '../i18n/index.ts';
import { ArticleFeedback } from './ArticleFeedback.tsx';
import { ArticleHistory } from './ArticleHistory.tsx';
import { ArticlePlacement } from './ArticlePlacement.tsx';
import { useCategories } from './CategoriesPanel.tsx';
import {
  categoryName,
  kbKeys,
  pickLanguage,
  useInvalidateKnowledge,
  versionsByLanguage,
  type KnowledgeArticle,
  type KnowledgeCategory,
  type Visibility,
  languageLabel,
} from './queries.ts';
import { VersionPanel } from './VersionEditor.tsx';
import './knowledge.css';

/**
 * One article: its settings, a tab per language (written or missing) with the
 * editor or the text, and for the language on screen its revisions and what
 * readers said.
 */
export function ArticlePage() {
  const { t, i18n } = useTranslation();
  const { articleId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const article = useQuery({
    queryKey: kbKeys.article(articleId),
    queryFn: ({ signal }) =>
      callApi<KnowledgeArticle>('GET', `/knowledge/articles/${articleId}`, undefined, signal),
  });
  const categories = useCategories();

  if (article.isPending)
    return (
      <Center h="50vh">
        <Loader role="status" aria-label={t('common.loading')} />
      </Center>
    );
  if (article.isError)
    return (
      <Stack p="md" gap="sm" align="flex-start">
        <Anchor component={Link} to="/knowledge" size="sm">
          {t('knowledge.back')}
        </Anchor>
        <Text c="red" role="alert">
          {t('common.error', { message: article.error.message })}
        </Text>
      </Stack>
    );

  const a = article.data;
  const versions = versionsByLanguage(a.versions);
  const asked = search.get('lang');
  const language: AppLanguage = isAppLanguage(asked)
    ? asked
    : (pickLanguage(versions, i18n.language)?.language ?? 'en');
  const version = versions[language];
  const heading = pickLanguage(versions, language)?.value.title ?? a.slug;
  const category = categories.data?.find((c) => c.id === a.category_id);

  return (
    <Stack p="md" gap="md" className="kb-article">
      <Anchor component={Link} to="/knowledge" size="sm">
        {t('knowledge.back')}
      </Anchor>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4}>
          <Title order={2} size="h3">
            {heading}
          </Title>
          <Group gap="xs">
            <Badge variant="light" color={a.visibility === 'public' ? 'teal.8' : 'gray.8'}>
              {t(`knowledge.visibility.${a.visibility}`)}
            </Badge>
            {category && (
              <Text size="sm" c="dimmed">
                {categoryName(category, i18n.language)}
              </Text>
            )}
          </Group>
        </Stack>
      </Group>
      {a.abilities.update && (
        <ArticleSettings key={a.updated_at} article={a} categories={categories.data ?? []} />
      )}
      <Tabs
        value={language}
        onChange={(v) => {
          if (isAppLanguage(v)) setSearch({ lang: v }, { replace: true });
        }}
        keepMounted
      >
        <Tabs.List aria-label={t('knowledge.languages')}>
          {LANGUAGES.map((l) => {
            const v = versions[l];
            return (
              <Tabs.Tab
                key={l}
                value={l}
                rightSection={
                  v ? (
                    <Badge
                      size="xs"
                      variant={v.state === 'published' ? 'filled' : 'outline'}
                      color={v.state === 'published' ? 'teal.9' : 'gray.8'}
                    >
                      {t(`knowledge.state.${v.state}`)}
                    </Badge>
                  ) : (
                    <Text span size="xs" c="gray.7">
                      {t('knowledge.version.missingShort')}
                    </Text>
                  )
                }
              >
                {languageLabel(t, l)}
              </Tabs.Tab>
            );
          })}
        </Tabs.List>
        {LANGUAGES.map((l) => (
          <Tabs.Panel key={l} value={l}>
            <VersionPanel article={a} language={l} version={versions[l]} />
          </Tabs.Panel>
        ))}
      </Tabs>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Paper withBorder p="sm">
          <ArticleHistory
            articleId={a.id}
            language={language}
            version={version}
            canRestore={a.abilities.update}
          />
        </Paper>
        <Paper withBorder p="sm">
          <ArticleFeedback articleId={a.id} language={language} />
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}

/** Where the article lives and who sees it: category, public or internal, address; or delete it. */
function ArticleSettings(props: { article: KnowledgeArticle; categories: KnowledgeCategory[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const invalidate = useInvalidateKnowledge();
  const a = props.article;
  const [categoryId, setCategoryId] = useState(a.category_id);
  const [visibility, setVisibility] = useState<Visibility>(a.visibility);
  const [slug, setSlug] = useState(a.slug);
  const save = useMutation({
    mutationFn: () =>
      callApi<KnowledgeArticle>('PATCH', `/knowledge/articles/${a.id}`, {
        category_id: categoryId,
        visibility,
        slug,
      }),
    onSuccess: () => invalidate(),
  });
  const remove = useMutation({
    mutationFn: () => callApi('DELETE', `/knowledge/articles/${a.id}`),
    onSuccess: async () => {
      await invalidate();
      await navigate('/knowledge');
    },
  });
  const changed = categoryId !== a.category_id || visibility !== a.visibility || slug !== a.slug;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Paper withBorder p="sm">
      <form onSubmit={submit} aria-label={t('knowledge.settings.title')}>
        <ArticlePlacement
          categories={props.categories}
          categoryId={categoryId}
          onCategoryChange={setCategoryId}
          visibility={visibility}
          onVisibilityChange={setVisibility}
          visibilityLabelId="kb-visibility-label"
          error={save.error}
        >
          <TextInput
            label={t('knowledge.settings.slug')}
            value={slug}
            onChange={(e) => setSlug(e.currentTarget.value)}
            maxLength={100}
            error={fieldError(save.error, 'slug')}
            className="kb-slug"
          />
          <Button type="submit" variant="default" disabled={!changed} loading={save.isPending}>
            {t('knowledge.settings.save')}
          </Button>
          <div className="kb-grow" />
          <ConfirmDelete
            label={t('knowledge.settings.delete')}
            question={t('knowledge.settings.deleteQuestion')}
            onConfirm={() => remove.mutate()}
            loading={remove.isPending}
          />
        </ArticlePlacement>
        <FormError error={save.error} fields={['category_id', 'slug']} />
        <FormError error={remove.error} />
      </form>
    </Paper>
  );
}
