import { Badge, Button, Loader, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { callApi, type Page } from '../api.ts';
import { formatNumber } from '../format.ts';
import type { AppLanguage } from '../i18n/index.ts';
import {
  kbKeys,
  type KnowledgeVote,
  type VoteSummary,
  languageLabel,
  languageName,
  formatWhen,
} from './queries.ts';

/**
 * What readers said: "was this helpful?" counts per language, and the
 * comments left in the language on screen, newest first.
 */
export function ArticleFeedback(props: { articleId: string; language: AppLanguage }) {
  const { t, i18n } = useTranslation();
  const { articleId, language } = props;
  const n = (v: number) => formatNumber(v, i18n.language);
  const summary = useQuery({
    queryKey: kbKeys.votes(articleId),
    queryFn: ({ signal }) =>
      callApi<VoteSummary>(
        'GET',
        `/knowledge/articles/${articleId}/votes/summary`,
        undefined,
        signal,
      ),
  });
  const comments = useInfiniteQuery({
    queryKey: kbKeys.comments(articleId, language),
    queryFn: ({ pageParam, signal }) =>
      callApi<Page<KnowledgeVote>>(
        'GET',
        `/knowledge/articles/${articleId}/votes?language=${language}&with_comment=true&limit=10${
          pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''
        }`,
        undefined,
        signal,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const items = comments.data?.pages.flatMap((p) => p.items) ?? [];
  const rows = summary.data?.languages ?? [];

  return (
    <section aria-labelledby="kb-feedback-heading" className="kb-side-section">
      <Title order={3} size="h5" id="kb-feedback-heading" mb="xs">
        {t('knowledge.feedback.title')}
      </Title>
      {summary.isError ? (
        <Text size="sm" c="red" role="alert">
          {t('common.error', { message: summary.error.message })}
        </Text>
      ) : summary.isPending ? (
        <Loader size="xs" aria-label={t('common.loading')} />
      ) : (
        <Table fz="sm" verticalSpacing={4} aria-label={t('knowledge.feedback.counts')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('common.language')}</Table.Th>
              <Table.Th ta="right">{t('knowledge.feedback.helpful')}</Table.Th>
              <Table.Th ta="right">{t('knowledge.feedback.notHelpful')}</Table.Th>
              <Table.Th ta="right">{t('knowledge.feedback.comments')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.language} className={r.language === language ? 'kb-current' : ''}>
                <Table.Td>{languageLabel(t, r.language)}</Table.Td>
                <Table.Td ta="right">{n(r.helpful)}</Table.Td>
                <Table.Td ta="right">{n(r.not_helpful)}</Table.Td>
                <Table.Td ta="right">{n(r.comment_count)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Title order={4} size="h6" mt="sm" mb={4}>
        {t('knowledge.feedback.commentsIn', { language: languageName(t, language) })}
      </Title>
      {comments.isError ? (
        <Text size="sm" c="red" role="alert">
          {t('common.error', { message: comments.error.message })}
        </Text>
      ) : comments.isSuccess && items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('knowledge.feedback.noComments')}
        </Text>
      ) : (
        <ul className="kb-comments">
          {items.map((v) => (
            <li key={v.id}>
              <Badge
                size="sm"
                variant="outline"
                color={v.helpful ? 'teal.8' : 'red.8'}
                mr={6}
                component="span"
              >
                {v.helpful ? t('knowledge.feedback.yes') : t('knowledge.feedback.no')}
              </Badge>
              <Text span size="xs" c="dimmed">
                {formatWhen(v.updated_at, i18n.language)}
              </Text>
              <Text size="sm" lang={language} className="kb-comment-text">
                {v.comment}
              </Text>
            </li>
          ))}
        </ul>
      )}
      {comments.hasNextPage && (
        <Button
          variant="subtle"
          size="xs"
          onClick={() => void comments.fetchNextPage()}
          loading={comments.isFetchingNextPage}
        >
          {t('knowledge.feedback.more')}
        </Button>
      )}
    </section>
  );
}
