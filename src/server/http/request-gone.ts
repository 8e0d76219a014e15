// A read whose browser has gone (the agent opened the next conversation, closed the
// tab) stops waiting for the embedded database: PGlite has one connection, and a
// dossier nobody will see must not hold up the messages someone is waiting for.
// Only GET and HEAD: a write, once received, is done whether or not anyone reads
// the answer.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance } from 'fastify';

const scope = new AsyncLocalStorage<AbortSignal>();

/** Thrown instead of running a statement for a request whose client has gone. */
export class RequestGoneError extends Error {
  constructor() {
    super('the client closed the request before it was answered');
    this.name = 'RequestGoneError';
  }
}

/** The signal of the read request this code runs for, if any: aborted once its client has gone. */
export function currentRequestSignal(): AbortSignal | undefined {
  return scope.getStore();
}

/**
 * Gives every GET and HEAD (not a WebSocket's upgrade) an abort signal, fired when the connection closes before the
 * response is written, and runs the rest of the request inside it.
 */
export function registerRequestGone(app: FastifyInstance) {
  app.addHook('onRequest', (request, reply, done) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return done();
    // A WebSocket's upgrade lives on after its HTTP exchange: never given up.
    if (request.headers.upgrade) return done();
    const controller = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) controller.abort();
    });
    scope.run(controller.signal, done);
  });
}
