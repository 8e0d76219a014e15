import { describe, expect, it } from 'vitest';
import type { Message } from '../api.ts';
import { attachmentForCid } from './EmailHtml.tsx';

type AttachmentRef = Message['attachments'][number];

const ref = (id: string, filename: string, content_id: string | null): AttachmentRef => ({
  id,
  filename,
  content_type: 'image/png',
  size_bytes: 10,
  content_id,
  url: `/api/v1/attachments/${id}/content`,
});

describe("an email's cid: image", () => {
  it('is the attachment stored with that Content-ID, whatever the files are called', () => {
    const attachments = [
      ref('1', 'part1.0A1B2C3D.png', null),
      ref('2', 'image001.png', 'part1.0A1B2C3D@client.test'),
    ];
    expect(attachmentForCid('part1.0A1B2C3D@client.test', attachments)?.id).toBe('2');
    expect(attachmentForCid('PART1.0a1b2c3d@CLIENT.TEST', attachments)?.id).toBe('2');
  });

  it('falls back to the file name for messages stored without Content-IDs', () => {
    const attachments = [ref('1', 'logo.png', null), ref('2', 'other.png', null)];
    expect(attachmentForCid('logo.png@01D9', attachments)?.id).toBe('1');
    expect(attachmentForCid('missing@01D9', attachments)).toBeUndefined();
  });
});
