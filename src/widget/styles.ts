// The widget's styles, applied as a constructed stylesheet to its shadow root:
// no <style> element and no style attribute, so a host page's strict
// Content-Security-Policy (style-src without 'unsafe-inline') does not block them,
// and the host page's CSS does not leak in.
export const CSS = `
:host { all: initial; position: fixed; right: 20px; bottom: 20px; z-index: 2147483000;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2933; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
button, input, textarea { font: inherit; color: inherit; }
.launcher { width: 56px; height: 56px; border-radius: 50%; border: 0; cursor: pointer;
  background: #2563eb; color: #fff; box-shadow: 0 4px 14px rgba(0,0,0,.25); float: right; }
.launcher svg { width: 28px; height: 28px; fill: currentColor; vertical-align: middle; }
.panel { width: min(360px, calc(100vw - 40px)); height: min(520px, calc(100vh - 100px));
  margin-bottom: 12px; display: flex; flex-direction: column; background: #fff; border-radius: 12px;
  box-shadow: 0 8px 30px rgba(0,0,0,.25); overflow: hidden; }
.head { display: flex; align-items: center; justify-content: space-between; padding: 12px 14px;
  background: #2563eb; color: #fff; font-weight: 600; }
.head button { background: none; border: 0; color: #fff; font-size: 20px; cursor: pointer; line-height: 1; }
.log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 8px;
  background: #f5f7fa; }
.msg { max-width: 85%; padding: 8px 10px; border-radius: 10px; white-space: pre-wrap;
  overflow-wrap: anywhere; background: #fff; border: 1px solid #e4e7eb; align-self: flex-start; }
.msg.visitor { align-self: flex-end; background: #2563eb; color: #fff; border-color: #2563eb; }
.who { display: block; font-size: 12px; opacity: .75; margin-bottom: 2px; }
.note { font-size: 13px; color: #52606d; text-align: center; }
.note.error { color: #b42318; }
.typing { padding: 0 12px 6px; font-size: 12px; color: #52606d; background: #f5f7fa; }
form { display: flex; flex-direction: column; gap: 8px; padding: 10px; border-top: 1px solid #e4e7eb; }
form.row { flex-direction: row; align-items: flex-end; }
input, textarea { width: 100%; padding: 8px; border: 1px solid #cbd2d9; border-radius: 8px; background: #fff; }
textarea { resize: none; min-height: 40px; max-height: 120px; }
.primary { padding: 8px 12px; border: 0; border-radius: 8px; background: #2563eb; color: #fff;
  cursor: pointer; white-space: nowrap; }
.link { background: none; border: 0; color: #2563eb; cursor: pointer; padding: 4px 10px 8px;
  font-size: 12px; text-align: left; }
:focus-visible { outline: 2px solid #f59e0b; outline-offset: 2px; }
`;
