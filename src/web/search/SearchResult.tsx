import { Anchor, Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SearchItem, SearchType } from '../../shared/api/search.ts';
import { formatFullTime, formatMessageTime } from '../format.ts';
import { parseSnippet, snippetText } from './highlight.ts';

const TYPE_COLOR: Record<SearchType, string> = {
  conversation: 'blue',
  message: 'grape',
  client: 'orange',
  article: 'teal',
};

/** Where a result leads: the conversation in the inbox (at the message), the client, the article. */
export function resultLink(item: SearchItem): string {
  switch (item.type) {
    case 'conversation':
      return `/inbox/all/${item.id}`;
    case 'message':
      return `/inbox/all/${item.conversation_id}?message=${item.id}`;
    case 'client':
      return `/clients/${item.id}`;
    case 'article':
      return `/knowledge/articles/${item.id}${item.language ? `?lang=${item.language}` : ''}`;
  }
}

/** A snippet from the server, its matches in <mark>: split into text, never set as HTML. */
export function Highlighted({ html }: { html: string }) {
  return (
    <>
      {parseSnippet(html).map((part, i) =>
        part.isMatch ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
      )}
    </>
  );
}

/** One result: its type, what it is (the matched words marked), where it stands, when it changed. */
export function SearchResult({ item }: { item: SearchItem }) {
  const { t, i18n } = useTranslation();
  // A conversation's snippet is its subject marked; a client's, its name unless an email or phone matched.
  const titleIsSnippet =
    item.type === 'conversation' ||
    (item.type === 'client' && snippetText(item.snippet) === item.title);
  const number = item.conversation_number;
  // The found text is in its own language (a screen reader says it so); a client's name has none.
  const lang = item.language ?? undefined;
  return (
    <li className="search-result" data-type={item.type}>
      <Badge size="sm" variant="light" color={TYPE_COLOR[item.type]} className="search-result-type">
        {t(`globalSearch.type.${item.type}`)}
      </Badge>
      <div className="search-result-body">
        <Anchor
          component={Link}
          to={resultLink(item)}
          fw={600}
          className="search-result-title"
          lang={lang}
        >
          {number !== null && <span className="search-result-number">#{number} </span>}
          {titleIsSnippet ? <Highlighted html={item.snippet} /> : item.title}
        </Anchor>
        {!titleIsSnippet && item.snippet && (
          <Text size="sm" className="search-result-snippet" lang={lang}>
            <Highlighted html={item.snippet} />
          </Text>
        )}
        <Group gap={8} className="search-result-meta">
          {item.type === 'message' && item.direction && (
            <Text
              size="xs"
              fw={600}
              {...(item.direction === 'note' ? { className: 'note-label' } : { c: 'gray.7' })}
            >
              {item.direction === 'note'
                ? t('conversation.note')
                : t(`globalSearch.direction.${item.direction}`)}
            </Text>
          )}
          {item.client && item.type !== 'client' && (
            <Text size="xs" c="gray.7">
              {item.client.name}
            </Text>
          )}
          {item.status && (
            <Badge size="xs" variant="outline" color="gray">
              {item.status === 'draft' || item.status === 'published'
                ? t(`knowledge.state.${item.status}`)
                : t(`status.${item.status}`)}
            </Badge>
          )}
          {(item.type === 'conversation' || item.type === 'message') && (
            <Text size="xs" c="gray.7">
              {item.assignee?.name ?? t('globalSearch.unassigned')}
            </Text>
          )}
          {item.type === 'article' && item.visibility && (
            <Text size="xs" c="gray.7">
              {t(`knowledge.visibility.${item.visibility}`)}
            </Text>
          )}
          {item.type === 'article' && item.language && (
            <Text size="xs" c="gray.7">
              {capitalise(t(`knowledge.lang.${item.language}`))}
            </Text>
          )}
          <Text
            size="xs"
            c="gray.7"
            component="time"
            dateTime={item.updated_at}
            title={formatFullTime(item.updated_at, i18n.language)}
          >
            {formatMessageTime(item.updated_at, i18n.language)}
          </Text>
        </Group>
      </div>
    </li>
  );
}

const capitalise = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);
