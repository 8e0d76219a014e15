// The early script: an entry of its own that index.html loads first and runs as
// soon as it arrives (async), while the app's scripts are still downloading.
// It asks for what the first screen needs and nothing else waits for: the
// language's translations and, on an inbox address, that view's first page of
// rows. Without it both were asked for only once every script had loaded and
// run (docs/benchmarks.md, issue #3). The app asks again as before: the
// language's module is the same one, and the rows' fetch takes the preloaded
// response. Nothing here may import the app's libraries (React, Mantine…), or
// this script would wait for them.
import { findInitialLanguage, loadMessages } from './i18n/messages.ts';
import { inboxAt, inboxPagePath } from './inbox/views.ts';
import { API_BASE } from './urls.ts';

void loadMessages(findInitialLanguage()).catch(() => {
  // The app asks again and shows the failure.
});

const inbox = inboxAt(window.location);
if (inbox) {
  const link = document.createElement('link');
  link.rel = 'preload';
  link.as = 'fetch';
  // Credentials as the app's fetch sends them (same-origin), so the two match.
  link.crossOrigin = 'anonymous';
  link.href = `${API_BASE}${inboxPagePath(inbox.view, inbox.params)}`;
  document.head.append(link);
}
