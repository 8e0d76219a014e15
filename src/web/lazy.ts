import { lazy, useEffect, useState, type ComponentType } from 'react';

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

let showFirstScreen = () => {};
const firstScreen = new Promise<void>((resolve) => (showFirstScreen = resolve));
if (typeof window !== 'undefined') window.setTimeout(() => showFirstScreen(), 3000);
let isFirstScreenShown = false;
void firstScreen.then(() => (isFirstScreenShown = true));

/**
 * Says the first screen is up (the inbox's rows): what loads when idle may start.
 * Until then its downloads would compete with the language and the rows, which
 * the first screen waits for; a first page other than the inbox lets it start
 * after three seconds.
 */
export function markFirstScreen() {
  showFirstScreen();
}

/**
 * Like lazyNamed, and its code starts loading as soon as the browser is idle
 * after the first screen: out of the initial download, yet there when needed.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function lazyNamedWhenIdle<M extends Record<K, ComponentType<any>>, K extends keyof M>(
  load: () => Promise<M>,
  name: K,
) {
  let loading: Promise<M> | undefined;
  const once = () => (loading ??= load());
  if (typeof window !== 'undefined') {
    const idle = window.requestIdleCallback ?? ((fn: () => void) => window.setTimeout(fn, 200));
    void firstScreen.then(() => idle(() => void once()));
  }
  return lazyNamed(once, name);
}

/**
 * Whether what may wait for the inbox's first screen (the header's search box,
 * bell and language picker) renders now: at once on any other page, and on the
 * inbox once its first rows are painted, so that the first render is the rows'
 * (docs/benchmarks.md, issue #3). Once true it stays true.
 */
export function useAfterFirstScreen(onInbox: boolean): boolean {
  const [shown, setShown] = useState(() => isFirstScreenShown || !onInbox);
  useEffect(() => {
    if (shown) return;
    if (!onInbox) {
      setShown(true);
      return;
    }
    let cancelled = false;
    let timer = 0;
    void firstScreen.then(() =>
      // After the frame that paints the rows.
      window.requestAnimationFrame(() => {
        timer = window.setTimeout(() => !cancelled && setShown(true));
      }),
    );
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [shown, onInbox]);
  return shown;
}
