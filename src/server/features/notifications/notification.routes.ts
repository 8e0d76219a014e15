import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBody, IdParams, page } from '../../../shared/api/common.ts';
import {
  Notification,
  NotificationListQuery,
  ReadAllResult,
  UnreadCount,
} from '../../../shared/api/notifications.ts';
import { toPage } from '../../pagination.ts';
import { presentNotification } from './notification.presenter.ts';
import * as service from './notification.service.ts';

export function registerNotificationsRoutes(api: FastifyInstance) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];

  r.get(
    '/notifications',
    {
      schema: {
        tags,
        summary: "The signed-in user's notifications, newest first (unread=true for unread only)",
        querystring: NotificationListQuery,
        response: { 200: page(Notification), 400: ErrorBody },
      },
    },
    async (req) =>
      toPage(
        await service.listNotifications(req.ctx, req.query),
        req.query.limit,
        service.notificationCursorKey,
        presentNotification,
      ),
  );

  r.get(
    '/notifications/unread-count',
    {
      schema: {
        tags,
        summary: 'How many notifications are unread',
        response: { 200: UnreadCount },
      },
    },
    async (req) => ({ unread: await service.countUnreadNotifications(req.ctx) }),
  );

  r.post(
    '/notifications/:id/read',
    {
      schema: {
        tags,
        summary: 'Mark one notification read',
        params: IdParams,
        response: { 200: Notification, 404: ErrorBody },
      },
    },
    async (req) => presentNotification(await service.markNotificationRead(req.ctx, req.params.id)),
  );

  r.post(
    '/notifications/read-all',
    {
      schema: { tags, summary: 'Mark every notification read', response: { 200: ReadAllResult } },
    },
    async (req) => ({ marked_read: await service.markAllNotificationsRead(req.ctx) }),
  );
}
