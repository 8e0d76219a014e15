import {
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  NativeSelect,
  ScrollArea,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi, toQuery, type Page } from '../api.ts';
import { LANGUAGES, isAppLanguage, type AppLanguage } from '../i18n/index.ts';
import { useSession } from '../session.ts';
import { articleHtmlToText } from './plainText.ts';
import {
  helpCentreUrl,
  pickLanguage,
  versionsByLanguage,
  type ArticleListItem,
  type KnowledgeVersion,
  languageLabel,
} from './queries.ts';
import './knowledge.css';

export type ArticleInsertion = { kind: 'link' | 'text'; text: string };

/**
 * The composer's "Insert article" dialog (loaded when first opened): search
 * the knowledge base, articles written in the client's language first, and
 * put the public link or the article's text into the reply.
 */
export function ArticlePicker(props: {
  clientId: string;
  onInsert: (insertion: ArticleInsertion) => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const session = useSession().data;
  const client = useQuery({
    queryKey: ['client', props.clientId],
    queryFn: ({ signal }) =>
      callApi<{ language: string | null }>('GET', `/clients/${props.clientId}`, undefined, signal),
    staleTime: 60_000,
  });
  const clientLanguage = client.data?.language;
  const [chosen, setChosen] = useState<AppLanguage | null>(null);
  const fallback: AppLanguage = isAppLanguage(clientLanguage)
    ? clientLanguage
    : isAppLanguage(i18n.language)
      ? i18n.language
      : 'en';
  const language = chosen ?? fallback;
  const [q, setQ] = useState('');
  const [query] = useDebouncedValue(q.trim(), 250);
  const search = useQuery({
    queryKey: ['knowledge', 'picker', query],
    queryFn: ({ signal }) =>
      callApi<Page<ArticleListItem>>(
        'GET',
        `/knowledge/articles${toQuery({ q: query, limit: 30, sort: query ? 'position' : 'updated' })}`,
        undefined,
        signal,
      ),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const items = search.data?.items ?? [];
  // Articles written in the reply's language first, each group in the server's order.
  const ranked = [
    ...items.filter((a) => a.versions.some((v) => v.language === language)),
    ...items.filter((a) => !a.versions.some((v) => v.language === language)),
  ];

  const insertText = useMutation({
    mutationFn: async ({ article, lang }: { article: ArticleListItem; lang: string }) => {
      const version = await callApi<KnowledgeVersion>(
        'GET',
        `/knowledge/articles/${article.id}/versions/${lang}`,
      );
      return articleHtmlToText(version.body_html);
    },
    onSuccess: (text) => props.onInsert({ kind: 'text', text }),
  });

  return (
    <Modal
      opened
      onClose={props.onClose}
      title={t('knowledge.picker.title')}
      size="lg"
      returnFocus={false}
    >
      <Stack gap="sm">
        <Group gap="sm" align="flex-end" wrap="nowrap">
          <TextInput
            type="search"
            label={t('knowledge.picker.search')}
            placeholder={t('knowledge.searchPlaceholder')}
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            data-autofocus
            className="kb-grow"
            rightSection={search.isFetching ? <Loader size="xs" aria-hidden="true" /> : undefined}
          />
          <NativeSelect
            label={t('knowledge.picker.language')}
            value={language}
            onChange={(e) => {
              if (isAppLanguage(e.currentTarget.value)) setChosen(e.currentTarget.value);
            }}
            data={LANGUAGES.map((l) => ({ value: l, label: languageLabel(t, l) }))}
          />
        </Group>
        {insertText.error && (
          <Text size="sm" c="red" role="alert">
            {t('common.error', { message: insertText.error.message })}
          </Text>
        )}
        <ScrollArea.Autosize mah="55vh">
          {search.isError ? (
            <Text size="sm" c="red" role="alert">
              {t('common.error', { message: search.error.message })}
            </Text>
          ) : search.isSuccess && ranked.length === 0 ? (
            <Text size="sm" c="dimmed" role="status">
              {t('knowledge.picker.none')}
            </Text>
          ) : (
            <ul className="kb-picker-list" aria-label={t('knowledge.picker.results')}>
              {ranked.map((a) => {
                const shown = pickLanguage(versionsByLanguage(a.versions), language);
                if (!shown) return null;
                const v = shown.value;
                const linkable =
                  a.visibility === 'public' && v.state === 'published' && Boolean(session);
                return (
                  <li key={a.id} className="kb-picker-item">
                    <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                      <Stack gap={2} miw={0}>
                        <Text size="sm" fw={600} lang={shown.language}>
                          {v.title}
                        </Text>
                        <Group gap={4}>
                          <Badge size="xs" variant="light" color="gray.8">
                            {languageLabel(t, shown.language)}
                          </Badge>
                          <Badge
                            size="xs"
                            variant="outline"
                            color={a.visibility === 'public' ? 'teal.8' : 'gray.7'}
                          >
                            {t(`knowledge.visibility.${a.visibility}`)}
                          </Badge>
                          {v.state === 'draft' && (
                            <Badge size="xs" variant="outline" color="orange.9">
                              {t('knowledge.state.draft')}
                            </Badge>
                          )}
                        </Group>
                      </Stack>
                      <Group gap={6} wrap="nowrap">
                        {linkable && (
                          <Button
                            size="compact-sm"
                            variant="light"
                            aria-label={t('knowledge.picker.insertLinkTo', { title: v.title })}
                            onClick={() =>
                              props.onInsert({
                                kind: 'link',
                                text: helpCentreUrl(
                                  session!.workspace.slug,
                                  shown.language,
                                  a.slug,
                                ),
                              })
                            }
                          >
                            {t('knowledge.picker.insertLink')}
                          </Button>
                        )}
                        <Button
                          size="compact-sm"
                          variant="default"
                          aria-label={t('knowledge.picker.insertTextOf', { title: v.title })}
                          loading={insertText.isPending && insertText.variables.article.id === a.id}
                          onClick={() => insertText.mutate({ article: a, lang: shown.language })}
                        >
                          {t('knowledge.picker.insertText')}
                        </Button>
                      </Group>
                    </Group>
                  </li>
                );
              })}
            </ul>
          )}
        </ScrollArea.Autosize>
        <Text size="xs" c="dimmed">
          {t('knowledge.picker.linkHint')}
        </Text>
      </Stack>
    </Modal>
  );
}
