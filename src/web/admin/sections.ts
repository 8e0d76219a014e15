import { lazy, type ComponentType } from 'react';

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
    component: lazyScreen(() => import('./UsersAdmin.tsx'), 'UsersAdmin'),
    roles: ['admin'],
  },
  {
    path: 'teams',
    titleKey: 'admin.teams.title',
    component: lazyScreen(() => import('./TeamsAdmin.tsx'), 'TeamsAdmin'),
  },
  {
    path: 'sla',
    titleKey: 'admin.sla.title',
    component: lazyScreen(() => import('./SlaAdmin.tsx'), 'SlaAdmin'),
  },
  {
    path: 'business-hours',
    titleKey: 'admin.calendars.title',
    component: lazyScreen(() => import('./CalendarsAdmin.tsx'), 'CalendarsAdmin'),
  },
  {
    path: 'tags',
    titleKey: 'admin.tags.title',
    component: lazyScreen(() => import('./TagsAdmin.tsx'), 'TagsAdmin'),
  },
  {
    path: 'canned-responses',
    titleKey: 'canned.admin.title',
    component: lazyScreen(() => import('./CannedResponsesAdmin.tsx'), 'CannedResponsesAdmin'),
  },
  {
    path: 'client-fields',
    titleKey: 'admin.fields.title',
    component: lazyScreen(() => import('./ClientFieldsAdmin.tsx'), 'ClientFieldsAdmin'),
    roles: ['admin'],
  },
  {
    path: 'workspace',
    titleKey: 'admin.workspace.title',
    component: lazyScreen(() => import('./WorkspaceAdmin.tsx'), 'WorkspaceAdmin'),
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

/** Helper for entries: `lazyScreen(() => import('./UsersAdmin.tsx'), 'UsersAdmin')`. */
export function lazyScreen<M extends Record<string, unknown>>(
  load: () => Promise<M>,
  name: keyof M & string,
): ComponentType {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}
