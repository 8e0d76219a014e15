import { Loader, Paper, SimpleGrid, Text, Textarea } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../api.ts';

/**
 * An article body in Markdown beside its live preview. The preview is the
 * server's own rendering and sanitising (POST /knowledge/preview), so what
 * the writer sees is what the FAQ will show; until the text changes, the
 * saved HTML is shown without asking.
 */
export function MarkdownEditor(props: {
  value: string;
  onChange: (value: string) => void;
  /** The HTML saved for `savedMarkdown`, shown while the text is unchanged. */
  savedHtml?: string;
  savedMarkdown?: string;
  language: string;
  error?: string;
}) {
  const { t } = useTranslation();
  const previewId = useId();
  const [text] = useDebouncedValue(props.value, 400);
  const unchanged = props.savedHtml !== undefined && text === props.savedMarkdown;
  const preview = useQuery({
    queryKey: ['knowledge', 'preview', text],
    queryFn: () =>
      callApi<{ body_html: string }>('POST', '/knowledge/preview', { body_markdown: text }),
    enabled: !unchanged && text.trim() !== '',
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
  const html = unchanged ? props.savedHtml! : text.trim() ? preview.data?.body_html : '';

  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Textarea
        label={t('knowledge.editor.body')}
        description={t('knowledge.editor.markdownHint')}
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value)}
        lang={props.language}
        autosize
        minRows={12}
        maxRows={24}
        maxLength={100_000}
        error={props.error}
        classNames={{ input: 'kb-markdown' }}
      />
      <div>
        <Text size="sm" fw={500} id={previewId} mb={4}>
          {t('knowledge.editor.preview')}
          {preview.isFetching && <Loader size={12} ml={6} aria-hidden="true" />}
        </Text>
        <Paper
          withBorder
          p="md"
          className="kb-preview"
          role="region"
          aria-labelledby={previewId}
          lang={props.language}
        >
          {preview.isError ? (
            <Text size="sm" c="red" role="alert">
              {t('common.error', { message: preview.error.message })}
            </Text>
          ) : html ? (
            <ArticleHtml html={html} />
          ) : (
            <Text size="sm" c="dimmed">
              {t('knowledge.editor.previewEmpty')}
            </Text>
          )}
        </Paper>
      </div>
    </SimpleGrid>
  );
}

/** An article's body as the server rendered and sanitised it. */
export function ArticleHtml({ html }: { html: string }) {
  // The HTML comes from the server's Markdown renderer and allow-list sanitiser
  // (markdown.ts): no scripts, no event handlers, http(s)/mailto/tel links only.
  return <div className="kb-body" dangerouslySetInnerHTML={{ __html: html }} />;
}
