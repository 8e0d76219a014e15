import { presentAttachmentRef, type AttachmentRow } from '../attachments/attachment.presenter.ts';
import type { MessageRow } from './message.repo.ts';
import type { DeliveryErrorCode } from '../../../shared/api/conversations.ts';

function authorOf(m: MessageRow) {
  if (m.author_user_id) {
    return { kind: 'user' as const, id: m.author_user_id, name: m.author_user_name ?? '' };
  }
  if (m.author_client_id) {
    return { kind: 'client' as const, id: m.author_client_id, name: m.author_client_name ?? '' };
  }
  return null;
}

/** The API shape of a message. */
export function presentMessage(m: MessageRow & { attachments?: AttachmentRow[] }) {
  return {
    id: m.id,
    conversation_id: m.conversation_id,
    direction: m.direction,
    channel: m.channel,
    author: authorOf(m),
    body_text: m.body_text,
    body_html: m.body_html,
    external_id: m.external_id,
    delivery_state: m.delivery_state,
    delivery_error: m.delivery_error,
    delivery_error_code: m.delivery_error_code as DeliveryErrorCode | null,
    attachments: (m.attachments ?? []).map(presentAttachmentRef),
    created_at: m.created_at.toISOString(),
  };
}
