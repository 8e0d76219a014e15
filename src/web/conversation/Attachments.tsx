import { Anchor, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { INLINE_IMAGE_TYPES } from '../../shared/api/constants.ts';
import type { Message } from '../api.ts';
import { formatFileSize } from './upload.ts';

type AttachmentRef = Message['attachments'][number];

const isImage = (a: AttachmentRef) =>
  (INLINE_IMAGE_TYPES as readonly string[]).includes(a.content_type);

/** The files sent with a message: images as small previews, everything else as a download link. */
export function Attachments({ items }: { items: AttachmentRef[] | undefined }) {
  const { t, i18n } = useTranslation();
  if (!items?.length) return null;
  return (
    <ul className="message-attachments" aria-label={t('attachments.list', { count: items.length })}>
      {items.map((a) => (
        <li key={a.id}>
          <Anchor
            href={a.url}
            download={isImage(a) ? undefined : a.filename}
            target={isImage(a) ? '_blank' : undefined}
            rel="noopener"
            className="message-attachment"
            aria-label={t('attachments.open', {
              name: a.filename,
              size: formatFileSize(a.size_bytes, i18n.language),
            })}
          >
            {isImage(a) ? <img src={a.url} alt={a.filename} loading="lazy" /> : <FileIcon />}
            <Group gap={4} wrap="nowrap" component="span">
              <Text span size="xs" fw={600} truncate maw={180}>
                {a.filename}
              </Text>
              <Text span size="xs" c="dimmed">
                {formatFileSize(a.size_bytes, i18n.language)}
              </Text>
            </Group>
          </Anchor>
        </li>
      ))}
    </ul>
  );
}

/** A paperclip, drawn inline (no icon font, no emoji font needed). */
export function PaperclipIcon() {
  return (
    <svg
      width="18"
      height="18"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d="M21.4 11.1l-9.2 9.2a6 6 0 01-8.5-8.5l9.2-9.2a4 4 0 015.7 5.7l-9.2 9.2a2 2 0 01-2.8-2.8l8.5-8.5" />
    </svg>
  );
}

function FileIcon() {
  return (
    <svg
      width="28"
      height="28"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      className="message-attachment-icon"
    >
      <path d="M14 2H6a2 2 0 00-2 2v16a2 2 0 002 2h12a2 2 0 002-2V8z" />
      <path d="M14 2v6h6M8 13h8M8 17h5" />
    </svg>
  );
}
