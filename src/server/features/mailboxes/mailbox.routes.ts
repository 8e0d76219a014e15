import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, IdParams } from '../../../shared/api/common.ts';
import {
  Mailbox,
  MailboxConnectionTest,
  MailboxPollResult,
  MailboxList,
  NewMailboxBody,
  PatchMailboxBody,
} from '../../../shared/api/mailboxes.ts';
import { presentMailbox } from './mailbox.presenter.ts';
import * as service from './mailbox.service.ts';

const tags = ['mailboxes'];

const ABOUT =
  'A mailbox is an address clients write to. Mail reaches it through the built-in SMTP ' +
  'listener (by recipient address) and/or by polling a folder of an IMAP server every ' +
  'minute; replies and acknowledgements leave through its outgoing SMTP server, with its ' +
  'signature. Passwords are write-only: stored encrypted, never returned (password_set ' +
  'says whether one is stored).';

export function registerMailboxesRoutes(api: FastifyInstance) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/mailboxes',
    {
      schema: {
        tags,
        summary: "The workspace's email mailboxes (admin, supervisor); passwords are never shown",
        description: `${ABOUT} Each IMAP setting carries how the last poll went (status).`,
        response: { 200: MailboxList, 403: ErrorBody },
      },
    },
    async (req) => ({
      items: (await service.listMailboxes(req.ctx)).map((m) => presentMailbox(req.ctx.actor, m)),
    }),
  );

  r.post(
    '/mailboxes',
    {
      schema: {
        tags,
        summary: 'Set up a mailbox (admin); its address is unique across all workspaces',
        description:
          `${ABOUT} smtp and imap are optional (null: none). With imap.enabled the folder ` +
          'is polled at once and then every minute; only messages above the last fetched UID ' +
          'are fetched, and a new UIDVALIDITY starts the folder over. 409 when another ' +
          'mailbox, in any workspace, has the address.',
        body: NewMailboxBody,
        response: { 201: Mailbox, 400: ErrorBody, 403: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      const row = await service.createMailbox(req.ctx, req.body);
      return reply.status(201).send(presentMailbox(req.ctx.actor, row));
    },
  );

  r.get(
    '/mailboxes/:id',
    {
      schema: {
        tags,
        summary: 'One mailbox (admin, supervisor)',
        description: "404 for another workspace's mailbox.",
        params: IdParams,
        response: { 200: Mailbox, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => presentMailbox(req.ctx.actor, await service.showMailbox(req.ctx, req.params.id)),
  );

  r.patch(
    '/mailboxes/:id',
    {
      schema: {
        tags,
        summary: 'Change a mailbox (admin); a password left out is kept',
        description:
          'Only the fields given change. smtp or imap replace the whole setting (give the ' +
          'password only to change it); null removes the setting and its password. ' +
          'active: false stops receiving, polling and sending through the mailbox without ' +
          'removing it.',
        params: IdParams,
        body: PatchMailboxBody,
        response: {
          200: Mailbox,
          400: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (req) =>
      presentMailbox(req.ctx.actor, await service.updateMailbox(req.ctx, req.params.id, req.body)),
  );

  r.post(
    '/mailboxes/:id/test-connection',
    {
      schema: {
        tags,
        summary: "Try the mailbox's stored SMTP and IMAP settings (admin)",
        description:
          'Logs in to the outgoing SMTP server, and to the IMAP server opening the folder ' +
          '(read-only), then logs out: nothing is sent, fetched or changed. Each side says ' +
          'ok or what went wrong (null when the mailbox has no such setting). Save changed ' +
          'settings first: the stored ones are tried.',
        params: IdParams,
        response: { 200: MailboxConnectionTest, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => service.testMailboxConnection(req.ctx, req.params.id),
  );

  r.post(
    '/mailboxes/:id/poll',
    {
      schema: {
        tags,
        summary: "Fetch the mailbox's new mail now (admin)",
        description:
          'Polls the IMAP folder at once instead of at the next minute: new messages are ' +
          'stored and queued for the inbox, and the mailbox’s status records the poll. ' +
          'Fetching beside the scheduled poll stores each message once. 409 when the ' +
          'mailbox is paused or has no IMAP settings.',
        params: IdParams,
        response: { 200: MailboxPollResult, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req) => service.pollMailboxNow(req.ctx, req.params.id),
  );

  r.delete(
    '/mailboxes/:id',
    {
      schema: {
        tags,
        summary: 'Remove a mailbox (admin)',
        description:
          'Removes its settings and the raw stored messages that came to it; conversations ' +
          'and their messages stay. To stop it for a while, set active: false instead.',
        params: IdParams,
        response: { 204: z.null(), 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      await service.deleteMailbox(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );
}
