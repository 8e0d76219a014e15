import { Badge, Button, Code, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi, type Page } from '../api.ts';
import { FormError } from '../admin/ui.tsx';
import type { AppLanguage } from '../i18n/index.ts';
import {
  kbKeys,
  useInvalidateKnowledge,
  type KnowledgeRevision,
  type KnowledgeRevisionWithBody,
  type KnowledgeVersion,
  languageName,
  formatWhen,
} from './queries.ts';

/**
 * Every save of one language version, newest first; a writer brings an
 * earlier one back (as a new save, so nothing is lost).
 */
export function ArticleHistory(props: {
  articleId: string;
  language: AppLanguage;
  version: KnowledgeVersion | undefined;
  canRestore: boolean;
}) {
  const { t } = useTranslation();
  const { articleId, language, version } = props;
  const base = `/knowledge/articles/${articleId}/versions/${language}`;
  const invalidate = useInvalidateKnowledge();
  const list = useInfiniteQuery({
    queryKey: kbKeys.revisions(articleId, language),
    queryFn: ({ pageParam, signal }) =>
      callApi<Page<KnowledgeRevision>>(
        'GET',
        `${base}/revisions?limit=10${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`,
        undefined,
        signal,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled: Boolean(version),
  });
  const restore = useMutation({
    mutationFn: (revisionId: string) =>
      callApi<KnowledgeVersion>('POST', `${base}/revisions/${revisionId}/restore`),
    onSuccess: () => invalidate(),
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const headingId = `kb-history-${language}`;

  return (
    <section aria-labelledby={headingId} className="kb-side-section">
      <Title order={3} size="h5" id={headingId} mb="xs">
        {t('knowledge.history.title', { language: languageName(t, language) })}
      </Title>
      {!version ? (
        <Text size="sm" c="dimmed">
          {t('knowledge.history.none')}
        </Text>
      ) : list.isError ? (
        <Text size="sm" c="red" role="alert">
          {t('common.error', { message: list.error.message })}
        </Text>
      ) : (
        <ol className="kb-history">
          {items.map((r) => (
            <RevisionItem
              key={r.id}
              revision={r}
              base={base}
              isCurrent={r.id === version.revision_id}
              canRestore={props.canRestore}
              restoring={restore.isPending && restore.variables === r.id}
              onRestore={() => restore.mutate(r.id)}
            />
          ))}
        </ol>
      )}
      {list.isPending && version && <Loader size="xs" aria-label={t('common.loading')} />}
      <FormError error={restore.error} />
      {list.hasNextPage && (
        <Button
          variant="subtle"
          size="xs"
          onClick={() => void list.fetchNextPage()}
          loading={list.isFetchingNextPage}
        >
          {t('knowledge.history.more')}
        </Button>
      )}
    </section>
  );
}

function RevisionItem(props: {
  revision: KnowledgeRevision;
  base: string;
  isCurrent: boolean;
  canRestore: boolean;
  restoring: boolean;
  onRestore: () => void;
}) {
  const { t, i18n } = useTranslation();
  const r = props.revision;
  const [open, setOpen] = useState(false);
  const body = useQuery({
    queryKey: kbKeys.revision(r.article_id, r.language, r.id),
    queryFn: ({ signal }) =>
      callApi<KnowledgeRevisionWithBody>(
        'GET',
        `${props.base}/revisions/${r.id}`,
        undefined,
        signal,
      ),
    enabled: open,
    staleTime: Infinity,
  });
  const when = formatWhen(r.created_at, i18n.language);
  return (
    <li className="kb-revision">
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
        <Stack gap={2} miw={0}>
          <Text size="sm" fw={600} truncate>
            {r.title}
          </Text>
          <Text size="xs" c="dimmed">
            {r.author
              ? t('knowledge.version.savedBy', { when, name: r.author.name })
              : t('knowledge.version.saved', { when })}
            {r.restored_from_id ? ` · ${t('knowledge.history.restored')}` : ''}
          </Text>
        </Stack>
        <Group gap={4} wrap="nowrap">
          {props.isCurrent && (
            <Badge size="sm" variant="light" color="blue.8">
              {t('knowledge.history.current')}
            </Badge>
          )}
          <Badge size="sm" variant="outline" color={r.state === 'published' ? 'teal.8' : 'gray.7'}>
            {t(`knowledge.state.${r.state}`)}
          </Badge>
        </Group>
      </Group>
      <Group gap="xs" mt={4}>
        <Button
          size="compact-xs"
          variant="subtle"
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
          aria-label={t(open ? 'knowledge.history.hideTextOf' : 'knowledge.history.showTextOf', {
            when,
          })}
        >
          {t(open ? 'knowledge.history.hideText' : 'knowledge.history.showText')}
        </Button>
        {props.canRestore && !props.isCurrent && (
          <Button
            size="compact-xs"
            variant="light"
            onClick={props.onRestore}
            loading={props.restoring}
            aria-label={t('knowledge.history.restoreOf', { when })}
          >
            {t('knowledge.history.restore')}
          </Button>
        )}
      </Group>
      {open &&
        (body.data ? (
          <Code block mt={4} className="kb-revision-text" lang={r.language}>
            {body.data.body_markdown}
          </Code>
        ) : body.isError ? (
          <Text size="xs" c="red" role="alert">
            {t('common.error', { message: body.error.message })}
          </Text>
        ) : (
          <Loader size="xs" aria-label={t('common.loading')} />
        ))}
    </li>
  );
}
