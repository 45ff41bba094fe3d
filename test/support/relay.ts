import type { Upstream } from '../../src/push/relay/server.js';

/** A relay upstream reached with plain fetch and no credentials (an anonymous test registry). */
export function anonymousUpstream(origin: string): Upstream {
  return {
    origin,
    fetch: (path, init) => fetch(new URL(path, origin), init),
    authorization: () => Promise.resolve(undefined),
  };
}
