// Helpers for the FAQ's integration tests: knowledge content made through the
// agents' API, the workspace's slug, and the parts of a page a test checks
// (title, meta description, canonical and hreflang links).
import { expect } from 'vitest';
import type { TestApp, TestWorkspace } from '../../../../test/harness.ts';

export async function slugOf(t: TestApp, workspaceId: string) {
  const row = await t.database.db
    .selectFrom('workspaces')
    .select('slug')
    .where('id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return row.slug;
}

export async function newCategory(
  w: TestWorkspace,
  translations: Record<string, { name: string; description?: string }>,
) {
  const res = await w.admin.post('/api/v1/knowledge/categories', { translations });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id as string, slug: res.json().slug as string };
}

type Version = {
  title: string;
  body_markdown: string;
  state: 'draft' | 'published';
  meta_description?: string;
};

/** An article with its language versions (the first creates it, the others are added). */
export async function newArticle(
  w: TestWorkspace,
  body: { category_id: string; visibility: 'public' | 'internal'; slug: string },
  versions: Record<string, Version>,
) {
  const [head, ...rest] = Object.entries(versions);
  const [language, first] = head!;
  const res = await w.admin.post('/api/v1/knowledge/articles', {
    ...body,
    version: { language, ...first },
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  for (const [lang, v] of rest) {
    const put = await w.admin.put(`/api/v1/knowledge/articles/${id}/versions/${lang}`, v);
    expect(put.statusCode, put.body).toBe(201);
  }
  return id;
}

/** The attributes of every <tag …> in a page. */
function attributesOf(page: string, tag: string): Record<string, string>[] {
  const found: Record<string, string>[] = [];
  for (const m of page.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'g'))) {
    const attrs: Record<string, string> = {};
    for (const a of m[1]!.matchAll(/([a-z-]+)="([^"]*)"/g)) attrs[a[1]!] = a[2]!;
    found.push(attrs);
  }
  return found;
}

/** What a test checks in a page's head. */
export function headOf(page: string) {
  const links = attributesOf(page, 'link');
  const metas = attributesOf(page, 'meta');
  return {
    title: /<title>([^<]*)<\/title>/.exec(page)?.[1],
    lang: /<html lang="([^"]+)"/.exec(page)?.[1],
    description: metas.find((m) => m.name === 'description')?.content,
    robots: metas.find((m) => m.name === 'robots')?.content,
    canonical: links.find((l) => l.rel === 'canonical')?.href,
    alternates: Object.fromEntries(
      links.filter((l) => l.rel === 'alternate').map((l) => [l.hreflang!, l.href!]),
    ),
  };
}

/** A page with its whitespace runs made single spaces and none before a tag's ">". */
export function squash(page: string) {
  return page.replace(/\s+/g, ' ').replace(/ >/g, '>');
}

/** A urlencoded form body as a browser posts it. */
export function formBody(fields: Record<string, string>) {
  return new URLSearchParams(fields).toString();
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
