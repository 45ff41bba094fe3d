/**
 * Registry faults during `digestpin push` (issue 8), through the built CLI (`npm run build`
 * first), real skopeo and the fault proxy in front of the real docker-registry: each run ends with
 * the DESIGN.md exit code, the error code and a hint, within the bound in the test name; and after
 * every run — failed or not — the tag is either absent or holds a complete image (HEAD + every
 * blob present, asked of the registry directly), never a broken one.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { runCli, tempDirs } from '../../support/cli.js';
import { faults, startFaultProxy, type FaultRule } from '../../support/faults.js';
import { writeOciImage } from '../../support/image.js';
import { startRegistry, type Registry } from '../../support/registry.js';
import { tagHolds } from '../../support/tag-check.js';
import { remoteLooking, startSelfSignedTls } from '../../support/tls.js';

const tmp = tempDirs('digestpin-push-faults-');
let registry: Registry;
let home: string;
const timings: string[] = [];
const TAG = 'build-1';

beforeAll(async () => {
  home = await tmp.make();
  registry = await startRegistry();
});
afterAll(async () => {
  process.stderr.write(`push fault timings (ms):\n  ${timings.sort().join('\n  ')}\n`);
  await registry.stop();
  await tmp.cleanup();
});

interface Target {
  host: string;
  stop(): Promise<void>;
}
interface PushCase {
  name: string;
  /** Upper bound of the run, seconds. */
  bound: number;
  target: () => Promise<Target>;
  env?: Record<string, string>;
  /** Source instead of a fresh OCI layout. */
  source?: string;
  exit: number;
  code?: string;
  hint?: RegExp;
}

const UPLOADS = /\/blobs\/uploads\//;
const proxied =
  (...rules: FaultRule[]) =>
  async (): Promise<Target> => {
    const proxy = await startFaultProxy(registry.url, rules);
    return { host: proxy.host, stop: () => proxy.stop() };
  };
const fixed = (host: () => string) => () => Promise.resolve({ host: host(), stop: async () => {} });

const cases: PushCase[] = [
  {
    name: '401 on every request',
    bound: 15,
    target: proxied({ path: /^\/v2\//, fault: faults.unauthorized() }),
    exit: 4,
    code: 'UNAUTHORIZED',
    hint: /log in|--authfile/i,
  },
  {
    name: '403 on blob uploads',
    bound: 15,
    target: proxied({ method: 'POST', path: UPLOADS, fault: faults.status(403) }),
    exit: 4,
    code: 'DENIED',
    hint: /push/,
  },
  {
    name: '404 NAME_UNKNOWN on blob uploads',
    bound: 15,
    target: proxied({
      method: 'POST',
      path: UPLOADS,
      fault: faults.status(404, { errorCode: 'NAME_UNKNOWN' }),
    }),
    exit: 6,
    code: 'REPOSITORY_NOT_FOUND',
    hint: /repository/,
  },
  {
    name: 'a source that does not exist (404 of the push)',
    bound: 15,
    target: fixed(() => registry.host),
    source: 'oci:/nonexistent/digestpin-layout:app',
    exit: 6,
    code: 'SOURCE_NOT_FOUND',
    hint: /source/i,
  },
  {
    // skopeo backs off on 429 itself (5 tries, Retry-After honoured): about 20 s
    name: '429 with Retry-After: 1 on every upload',
    bound: 30,
    target: proxied({ method: 'POST', path: UPLOADS, fault: faults.tooManyRequests(1) }),
    exit: 5,
    code: 'RATE_LIMITED',
    hint: /throttling|rate-limiting/i,
  },
  {
    name: '429 with Retry-After: 1 on the first upload, then fine',
    bound: 15,
    target: proxied({ method: 'POST', path: UPLOADS, count: 1, fault: faults.tooManyRequests(1) }),
    exit: 0,
  },
  ...[500, 502, 503].map((status): PushCase => ({
    name: `${status} on every upload`,
    bound: 20,
    target: proxied({ method: 'POST', path: UPLOADS, fault: faults.status(status) }),
    exit: 5,
    code: 'REGISTRY_ERROR',
    hint: /registry/i,
  })),
  {
    name: '500 on the manifest PUT by tag',
    bound: 20,
    target: proxied({
      method: 'PUT',
      path: new RegExp(`/manifests/${TAG}$`),
      fault: faults.status(500),
    }),
    exit: 5,
    code: 'REGISTRY_ERROR',
    hint: /registry/i,
  },
  {
    name: 'MANIFEST_BLOB_UNKNOWN on the first manifest PUT (a racing push), then fine',
    bound: 15,
    target: proxied({
      method: 'PUT',
      path: /\/manifests\/sha256:/,
      count: 1,
      fault: faults.status(400, {
        errorCode: 'MANIFEST_BLOB_UNKNOWN',
        message: 'blob unknown to registry',
      }),
    }),
    exit: 0,
  },
  {
    name: 'MANIFEST_BLOB_UNKNOWN on every manifest PUT',
    bound: 20,
    target: proxied({
      method: 'PUT',
      path: /\/manifests\/sha256:/,
      fault: faults.status(400, {
        errorCode: 'MANIFEST_BLOB_UNKNOWN',
        message: 'blob unknown to registry',
      }),
    }),
    exit: 5,
    code: 'REGISTRY_ERROR',
    hint: /push again/i,
  },
  {
    name: 'connection reset mid-upload (after 64 KiB), every time',
    bound: 20,
    target: proxied({ method: 'PATCH', path: UPLOADS, fault: faults.resetAfter(64 * 1024) }),
    exit: 5,
    code: 'UNREACHABLE',
    hint: /reachable|proxy/i,
  },
  {
    name: 'connection reset mid-upload (after 64 KiB), once',
    bound: 15,
    target: proxied({
      method: 'PATCH',
      path: UPLOADS,
      count: 1,
      fault: faults.resetAfter(64 * 1024),
    }),
    exit: 0,
  },
  {
    name: 'stalled upload (DIGESTPIN_PUSH_TIMEOUT_MS=8000)',
    bound: 15,
    env: { DIGESTPIN_PUSH_TIMEOUT_MS: '8000' },
    target: proxied({ method: 'PATCH', path: UPLOADS, fault: faults.stall() }),
    exit: 5,
    code: 'TIMEOUT',
    hint: /network path|proxy or firewall/i,
  },
  {
    name: 'stalled tag check (DIGESTPIN_TIMEOUT_MS=2000)',
    bound: 15,
    env: { DIGESTPIN_TIMEOUT_MS: '2000' },
    target: proxied({
      method: 'HEAD',
      path: new RegExp(`/manifests/${TAG}$`),
      fault: faults.stall(),
    }),
    exit: 5,
    code: 'TIMEOUT',
    hint: /DIGESTPIN_TIMEOUT_MS/,
  },
  {
    name: 'DNS failure (registry.invalid)',
    bound: 10,
    target: fixed(() => 'registry.invalid'),
    exit: 5,
    code: 'UNREACHABLE',
    hint: /resolve it/,
  },
  {
    name: 'TLS: a self-signed certificate',
    bound: 10,
    target: startSelfSignedTls,
    exit: 5,
    code: 'UNREACHABLE',
    hint: /NODE_EXTRA_CA_CERTS/,
  },
  {
    name: 'TLS expected, plain HTTP served',
    bound: 10,
    target: fixed(() => remoteLooking(registry.port)),
    exit: 5,
    code: 'UNREACHABLE',
    hint: /--insecure/,
  },
];

interface PushJson {
  digest?: string;
  pushed?: boolean;
  error?: { code: string; message: string; hint: string };
}

describe('push through registry faults', () => {
  test.concurrent.each(cases.map((c, i) => ({ ...c, i })))(
    '$name: exit $exit with a hint within $bound s; the tag absent or complete',
    async (c) => {
      const target = await c.target();
      const repo = `demo/fault-${c.i}`;
      try {
        const image = await writeOciImage(await tmp.make(), {
          layers: [{ size: 512 * 1024, random: true }],
        });
        const started = Date.now();
        const r = await runCli(
          ['push', '--json', '--tag', TAG, c.source ?? image.ref, `${target.host}/${repo}`],
          {
            env: { HOME: home, REGISTRY_AUTH_FILE: '', XDG_RUNTIME_DIR: '', ...c.env },
            timeoutMs: 60_000,
          },
        );
        const ms = Date.now() - started;
        timings.push(`${c.name}: ${ms} (exit ${r.exitCode})`);
        const json = r.json<PushJson>();
        expect({ exit: r.exitCode, json, stderr: r.stderr }).toMatchObject({ exit: c.exit });
        expect(ms).toBeLessThanOrEqual(c.bound * 1000);
        const holds = await tagHolds(registry, repo, TAG);
        if (c.exit === 0) {
          expect(json.pushed).toBe(true);
          expect(holds).toEqual({ state: 'complete', digest: json.digest });
        } else {
          expect(json.error?.code).toBe(c.code);
          expect(json.error?.hint).toMatch(c.hint ?? /./);
          expect(['absent', 'complete']).toContain(holds.state);
        }
      } finally {
        await target.stop();
      }
    },
  );
});
