import { lazy, type ComponentType } from 'react';

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
}

export const adminSections: AdminSection[] = [];

/** Helper for entries: `lazyScreen(() => import('./UsersAdmin.tsx'), 'UsersAdmin')`. */
export function lazyScreen<M extends Record<string, unknown>>(
  load: () => Promise<M>,
  name: keyof M & string,
): ComponentType {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}
