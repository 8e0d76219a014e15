import { describe, expect, it } from 'vitest';
import { contentDisposition } from './attachment.routes.ts';
import { cleanContentType, cleanFilename } from './attachment.service.ts';

describe('attachment names and types', () => {
  it('keeps only the last part of a path, drops control characters and quotes', () => {
    expect(cleanFilename('C:\\Users\\me\\notes "final".txt')).toBe('notes final.txt');
    expect(cleanFilename('../../etc/passwd')).toBe('passwd');
    expect(cleanFilename('a\u0000b\nc.txt')).toBe('abc.txt');
    expect(cleanFilename('..')).toBe('file');
    expect(cleanFilename('')).toBe('file');
    expect(cleanFilename('x'.repeat(300))).toHaveLength(200);
  });

  it('keeps a plain type/subtype and turns anything else into bytes', () => {
    expect(cleanContentType('Image/PNG')).toBe('image/png');
    expect(cleanContentType('text/plain; charset=utf-8')).toBe('text/plain');
    expect(cleanContentType('text/html\r\nX-Evil: 1')).toBe('application/octet-stream');
    expect(cleanContentType('')).toBe('application/octet-stream');
  });

  it('writes a Content-Disposition any name survives and none can break', () => {
    expect(contentDisposition('attachment', 'Счёт №5.pdf')).toBe(
      `attachment; filename="____ _5.pdf"; filename*=UTF-8''%D0%A1%D1%87%D1%91%D1%82%20%E2%84%965.pdf`,
    );
    expect(contentDisposition('inline', "it's (1).png")).toBe(
      `inline; filename="it's (1).png"; filename*=UTF-8''it%27s%20%281%29.png`,
    );
  });
});
