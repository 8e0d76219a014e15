import { lazy, type ComponentType } from 'react';

/**
 * A component whose code loads when it is first rendered, from a named export:
 * `lazyNamed(() => import('./admin/AdminPage.tsx'), 'AdminPage')`. Render it
 * inside a Suspense boundary.
 */
// React's lazy() takes ComponentType<any>: any props, kept as the component declares them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function lazyNamed<M extends Record<K, ComponentType<any>>, K extends keyof M>(
  load: () => Promise<M>,
  name: K,
) {
  return lazy(async () => ({ default: (await load())[name] }));
}
