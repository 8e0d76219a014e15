import type { ComponentType } from 'react';
import { lazyNamed } from '../lazy.ts';

type Role = 'agent' | 'supervisor' | 'admin';

/**
 * The admin screens, in the order of the admin menu. A feature adds its screen
 * here; each one is loaded only when it is opened.
 */
export interface AdminSection {
  /** The URL segment: /admin/<path>. */
  path: string;
  /** Translation key of the menu entry and page title. */
  titleKey: string;
  component: ComponentType;
  /**
   * Who sees the entry (the API still decides what they may do). Without it:
   * supervisors and admins, the roles that reach the admin pages.
   */
  roles?: Role[];
}

export const adminSections: AdminSection[] = [
  {
    path: 'users',
    titleKey: 'admin.users.title',
    component: lazyNamed(() => import('./UsersAdmin.tsx'), 'UsersAdmin'),
    roles: ['admin'],
  },
  {
    path: 'teams',
    titleKey: 'admin.teams.title',
    component: lazyNamed(() => import('./TeamsAdmin.tsx'), 'TeamsAdmin'),
  },
  {
    path: 'sla',
    titleKey: 'admin.sla.title',
    component: lazyNamed(() => import('./SlaAdmin.tsx'), 'SlaAdmin'),
  },
  {
    path: 'business-hours',
    titleKey: 'admin.calendars.title',
    component: lazyNamed(() => import('./CalendarsAdmin.tsx'), 'CalendarsAdmin'),
  },
  {
    path: 'tags',
    titleKey: 'admin.tags.title',
    component: lazyNamed(() => import('./TagsAdmin.tsx'), 'TagsAdmin'),
  },
  {
    path: 'canned-responses',
    titleKey: 'canned.admin.title',
    component: lazyNamed(() => import('./CannedResponsesAdmin.tsx'), 'CannedResponsesAdmin'),
  },
  {
    path: 'reply-coach',
    titleKey: 'coachAdmin.title',
    component: lazyNamed(() => import('./CoachAdmin.tsx'), 'CoachAdmin'),
  },
  {
    path: 'discounts',
    titleKey: 'discounts.admin.title',
    component: lazyNamed(() => import('./DiscountsAdmin.tsx'), 'DiscountsAdmin'),
  },
  {
    path: 'portal',
    titleKey: 'portalAdmin.title',
    component: lazyNamed(() => import('./PortalAdmin.tsx'), 'PortalAdmin'),
  },
  {
    path: 'mailboxes',
    titleKey: 'mailbox.admin.title',
    component: lazyNamed(() => import('./MailboxesAdmin.tsx'), 'MailboxesAdmin'),
  },
  {
    path: 'sms',
    titleKey: 'sms.admin.title',
    component: lazyNamed(() => import('./SmsProvidersAdmin.tsx'), 'SmsProvidersAdmin'),
  },
  {
    path: 'chat',
    titleKey: 'chat.admin.title',
    component: lazyNamed(() => import('./ChatAdmin.tsx'), 'ChatAdmin'),
    roles: ['admin'],
  },
  {
    path: 'client-fields',
    titleKey: 'admin.fields.title',
    component: lazyNamed(() => import('./ClientFieldsAdmin.tsx'), 'ClientFieldsAdmin'),
    roles: ['admin'],
  },
  {
    path: 'workspace',
    titleKey: 'admin.workspace.title',
    component: lazyNamed(() => import('./WorkspaceAdmin.tsx'), 'WorkspaceAdmin'),
    roles: ['admin'],
  },
];

/** The roles that see an admin link at all. */
export const ADMIN_ROLES: readonly Role[] = ['supervisor', 'admin'];

/** The sections a user of this role sees in the menu. */
export function sectionsFor(role: Role | undefined): AdminSection[] {
  if (!role) return [];
  return adminSections.filter((s) => (s.roles ?? ADMIN_ROLES).includes(role));
}
