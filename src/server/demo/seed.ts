import { sql } from 'kysely';
import { withTransaction, type Ctx } from '../context.ts';
import type { Database } from '../db/database.ts';
import { createCannedResponse } from '../features/canned-responses/canned-response.service.ts';
import { addClientNote } from '../features/clients/client-note.service.ts';
import { createClient } from '../features/clients/client.service.ts';
import {
  createConversation,
  updateConversation,
} from '../features/conversations/conversation.service.ts';
import { addMessage } from '../features/conversations/message.service.ts';
import { createTeam, setTeamMembers } from '../features/teams/team.service.ts';
import { admitUser } from '../features/users/user.service.ts';
import { createWorkspace } from '../features/workspaces/workspace.service.ts';
import { hashPassword } from '../security.ts';
import { DEMO_CANNED_RESPONSES } from './canned-content.ts';
import { DEMO_CLIENTS, DEMO_COMPANIES, DEMO_CONVERSATIONS, DEMO_USERS } from './content.ts';

export const DEMO_SLUG = 'demo';
export const DEMO_ADMIN_EMAIL = DEMO_USERS.ana.email;
export const DEMO_ADMIN_PASSWORD = 'rapport-demo';

const quietLog = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  trace() {},
  fatal() {},
  child() {
    return quietLog;
  },
  level: 'silent',
  silent() {},
} as never;

/**
 * Creates the demo workspace on the first start; does nothing when it exists.
 * Everything happens in one transaction, so an interrupted seed leaves no
 * half-made workspace and runs again on the next start.
 */
export async function seedDemo(
  database: Database,
  options: { now?: () => Date; slug?: string } = {},
) {
  const now = options.now ?? (() => new Date());
  const slug = options.slug ?? DEMO_SLUG;
  const exists = await sql<{ id: string }>`select id from workspaces where slug = ${slug}`.execute(
    database.db,
  );
  if (exists.rows.length > 0) return undefined;
  const passwordHash = await hashPassword(DEMO_ADMIN_PASSWORD);
  const root = { db: database.db, log: quietLog, now };
  return withTransaction({ ...root, workspaceId: '0', actor: { kind: 'system' } }, async (tx) => {
    const { workspace, admin } = await createWorkspace(tx, {
      name: 'Casa Jardín',
      slug,
      adminEmail: DEMO_ADMIN_EMAIL,
      adminName: DEMO_USERS.ana.name,
      adminPassword: DEMO_ADMIN_PASSWORD,
      timeZone: 'Europe/Madrid',
      defaultLanguage: 'es',
      publishDefaultKnowledge: true,
    });
    const as = (userId: string, role: 'agent' | 'supervisor' | 'admin', at = now): Ctx => ({
      ...tx,
      now: at,
      workspaceId: workspace.id,
      actor: { kind: 'user', userId, role, via: 'session' },
    });
    const adminCtx = as(admin.id, 'admin');
    const users: Record<string, { id: string; role: 'agent' | 'supervisor' | 'admin' }> = {
      ana: { id: admin.id, role: 'admin' },
    };
    for (const [key, u] of Object.entries(DEMO_USERS)) {
      if (key === 'ana') continue;
      const user = await admitUser(adminCtx, { ...u, password: DEMO_ADMIN_PASSWORD, passwordHash });
      users[key] = { id: user.id, role: u.role };
    }
    const sales = await createTeam(adminCtx, { name: 'Ventas', supervisor_id: users.bence!.id });
    const support = await createTeam(adminCtx, { name: 'Soporte', supervisor_id: users.bence!.id });
    await setTeamMembers(adminCtx, sales.team.id, [users.ana!.id, users.ioana!.id]);
    await setTeamMembers(adminCtx, support.team.id, [
      users.bence!.id,
      users.ioana!.id,
      users.aigerim!.id,
    ]);
    const teams = { sales: sales.team.id, support: support.team.id };
    for (const script of DEMO_CANNED_RESPONSES) await createCannedResponse(adminCtx, script);

    const clientIds: Record<string, string> = {};
    for (const c of DEMO_COMPANIES) {
      const view = await createClient(adminCtx, {
        name: c.name,
        kind: 'company',
        language: c.language,
        tier: c.tier,
        tags: [...c.tags],
        emails: [],
        phones: [],
      });
      clientIds[c.key] = view.client.id;
    }
    for (const c of DEMO_CLIENTS) {
      const view = await createClient(adminCtx, {
        name: c.name,
        kind: 'person',
        language: c.language,
        tier: c.tier ?? 'regular',
        is_vip: c.vip ?? false,
        tags: c.tags ?? [],
        company_id: c.company ? clientIds[c.company] : undefined,
        emails: c.email ? [c.email] : [],
        phones: c.phone ? [c.phone] : [],
      });
      clientIds[c.key] = view.client.id;
      if (c.note) await addClientNote(adminCtx, view.client.id, c.note);
    }

    for (const conv of DEMO_CONVERSATIONS) {
      const assignee =
        conv.assignee && conv.assignee !== 'unassigned' ? users[conv.assignee]! : undefined;
      const agent = assignee ?? users.ana!;
      // Each message a few minutes after the last, starting ageMinutes ago.
      let at = now().getTime() - conv.ageMinutes * 60_000;
      const clock = () => new Date(at);
      const ctx = as(agent.id, agent.role, clock);
      const [first, ...rest] = conv.messages;
      const { conversation } = await createConversation(ctx, {
        client_id: clientIds[conv.client]!,
        subject: conv.subject,
        channel: conv.channel,
        direction: 'inbound',
        message: { body_text: first!.text },
        priority: conv.priority ?? 'normal',
        team_id: conv.team ? teams[conv.team] : null,
        assignee_id: assignee?.id ?? null,
        tags: conv.tags ?? [],
      });
      for (const m of rest) {
        at += 7 * 60_000;
        await addMessage(ctx, conversation.id, {
          direction: m.from === 'c' ? 'inbound' : m.from === 'a' ? 'outbound' : 'note',
          body_text: m.text,
        });
      }
      if (conv.status && conv.status !== 'new' && conv.status !== 'open') {
        at += 5 * 60_000;
        await updateConversation(ctx, conversation.id, { status: conv.status });
      }
    }
    return {
      workspaceId: workspace.id,
      workspaceName: workspace.name,
      adminEmail: DEMO_ADMIN_EMAIL,
      adminPassword: DEMO_ADMIN_PASSWORD,
    };
  });
}
