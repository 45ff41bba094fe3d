/**
 * Every registry fault during guard, resolve and verify (issue 8) through the built CLI
 * (`npm run build` first): the fault proxy in front of the real docker-registry, a name that does
 * not resolve, a self-signed TLS server and a plain-HTTP registry where TLS is expected. Each run
 * must end with the DESIGN.md exit code, the error code or verify status, a hint that names the
 * fix, and within the bound in the test name — with the default retries (3) and, for a stall,
 * DIGESTPIN_TIMEOUT_MS=2000 (the default is 30 s; a stalled attempt is not retried).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli, tempDirs } from '../../support/cli.js';
import { faults, startFaultProxy, type Fault, type FaultRule } from '../../support/faults.js';
import { writeOciImage } from '../../support/image.js';
import { skopeoPush } from '../../support/push.js';
import { startRegistry, type Registry } from '../../support/registry.js';
import { remoteLooking, startSelfSignedTls } from '../../support/tls.js';

const tmp = tempDirs('digestpin-faults-');
let registry: Registry;
let digest: string;
let home: string;
const timings: string[] = [];

beforeAll(async () => {
  home = await tmp.make();
  registry = await startRegistry();
  const image = await writeOciImage(await tmp.make(), { layers: [{ size: 2048, random: true }] });
  digest = await skopeoPush(image.ref, `${registry.host}/demo/app:v1`, {
    digestfile: path.join(await tmp.make(), 'digest'),
  });
});
afterAll(async () => {
  process.stderr.write(`fault timings (ms):\n  ${timings.sort().join('\n  ')}\n`);
  await registry.stop();
  await tmp.cleanup();
});

interface Target {
  host: string;
  stop(): Promise<void>;
}
/** What one command must end with: exit code, error code (guard/resolve) or status (verify). */
interface Outcome {
  exit: number;
  code?: string;
  status?: string;
  hint?: RegExp;
  message?: RegExp;
}
interface FaultCase {
  name: string;
  /** Upper bound of each run, seconds; `min` a lower bound (ms) where waiting is the point. */
  bound: number;
  min?: number;
  target: () => Promise<Target>;
  env?: Record<string, string>;
  guard: Outcome;
  resolve: Outcome;
  verify: Outcome;
}

const proxied = (fault: Fault, count?: number) => async (): Promise<Target> => {
  const rule: FaultRule = { name: 'fault', path: /^\/v2\/demo\//, fault };
  if (count !== undefined) rule.count = count;
  const proxy = await startFaultProxy(registry.url, [rule]);
  return { host: proxy.host, stop: () => proxy.stop() };
};
const fixed = (host: () => string) => () => Promise.resolve({ host: host(), stop: async () => {} });

const OK: Pick<FaultCase, 'guard' | 'resolve' | 'verify'> = {
  guard: { exit: 0 },
  resolve: { exit: 0 },
  verify: { exit: 0, status: 'ok' },
};
const failing = (
  exit: number,
  code: string,
  status: string,
  hint: RegExp,
  message?: RegExp,
): Pick<FaultCase, 'guard' | 'resolve' | 'verify'> => ({
  guard: { exit, code, hint, message },
  resolve: { exit, code, hint, message },
  verify: { exit, status, hint, message },
});

const cases: FaultCase[] = [
  {
    name: '401 Unauthorized',
    bound: 5,
    target: proxied(faults.unauthorized()),
    ...failing(4, 'UNAUTHORIZED', 'unauthorized', /log in|--authfile/i, /HTTP 401/),
  },
  {
    name: '403 Forbidden',
    bound: 5,
    target: proxied(faults.status(403)),
    ...failing(4, 'DENIED', 'unauthorized', /grant pull/, /HTTP 403/),
  },
  {
    name: '404 manifest unknown',
    bound: 5,
    target: proxied(faults.status(404)),
    guard: { exit: 0 },
    resolve: { exit: 6, code: 'MANIFEST_UNKNOWN', hint: /push the image/i },
    verify: { exit: 6, status: 'missing', hint: /Push the image/ },
  },
  {
    name: '404 name unknown',
    bound: 5,
    target: proxied(faults.status(404, { errorCode: 'NAME_UNKNOWN' })),
    guard: { exit: 0 },
    // a HEAD answer has no body, so NAME_UNKNOWN cannot be told from MANIFEST_UNKNOWN (same exit)
    resolve: { exit: 6, code: 'MANIFEST_UNKNOWN', hint: /push the image/i },
    verify: { exit: 6, status: 'missing', hint: /Push the image/ },
  },
  {
    name: '429 with Retry-After: 1, every time (3 retries, each waiting 1 s)',
    bound: 10,
    min: 3000,
    target: proxied(faults.tooManyRequests(1)),
    ...failing(5, 'RATE_LIMITED', 'error', /rate-limiting/, /HTTP 429 .*after 4 attempts/),
  },
  {
    name: '429 with Retry-After: 3600 (over the cap: no wait)',
    bound: 5,
    target: proxied(faults.tooManyRequests(3600)),
    ...failing(5, 'RATE_LIMITED', 'error', /rate-limiting/, /asks to wait 3600 s/),
  },
  {
    name: '429 with Retry-After: 1, once (waited, then fine)',
    bound: 6,
    min: 1000,
    target: proxied(faults.tooManyRequests(1), 1),
    ...OK,
  },
  ...[500, 502, 503].map((status): FaultCase => ({
    name: `${status}, every time`,
    bound: 8,
    target: proxied(faults.status(status)),
    ...failing(5, 'REGISTRY_ERROR', 'error', /registry is failing/, /after 4 attempts/),
  })),
  {
    name: '503, twice (retried, then fine)',
    bound: 6,
    target: proxied(faults.status(503), 2),
    ...OK,
  },
  {
    name: 'connection reset, every time',
    bound: 8,
    target: proxied(faults.reset()),
    ...failing(5, 'UNREACHABLE', 'unreachable', /drops connections/, /reset repeatedly/),
  },
  {
    name: 'connection reset, once (retried, then fine)',
    bound: 6,
    target: proxied(faults.reset(), 1),
    ...OK,
  },
  {
    name: 'stalled response (DIGESTPIN_TIMEOUT_MS=2000)',
    bound: 6,
    min: 2000,
    env: { DIGESTPIN_TIMEOUT_MS: '2000' },
    target: proxied(faults.stall()),
    ...failing(5, 'TIMEOUT', 'unreachable', /DIGESTPIN_TIMEOUT_MS/, /no response within 2000 ms/),
  },
  {
    name: 'DNS failure (registry.invalid)',
    bound: 5,
    target: fixed(() => 'registry.invalid'),
    ...failing(5, 'UNREACHABLE', 'unreachable', /resolve it/, /DNS lookup failed/),
  },
  {
    name: 'TLS: a self-signed certificate',
    bound: 5,
    target: startSelfSignedTls,
    ...failing(5, 'UNREACHABLE', 'unreachable', /NODE_EXTRA_CA_CERTS/, /TLS certificate error/),
  },
  {
    name: 'TLS expected, plain HTTP served',
    bound: 5,
    target: fixed(() => remoteLooking(registry.port)),
    ...failing(5, 'UNREACHABLE', 'unreachable', /--insecure/, /TLS handshake failed/),
  },
];

interface VerifyJson {
  images: { status: string; message: string; hint: string }[];
}
interface ErrorJson {
  error?: { code: string; message: string; hint: string };
}

async function run(
  command: 'guard' | 'resolve' | 'verify',
  host: string,
  env: Record<string, string>,
) {
  const args =
    command === 'guard'
      ? ['guard', '--json', `${host}/demo/app:v2`]
      : command === 'resolve'
        ? ['resolve', '--json', `${host}/demo/app:v1`]
        : ['verify', '--json', await manifest(host)];
  const started = Date.now();
  const r = await runCli(args, {
    env: { HOME: home, REGISTRY_AUTH_FILE: '', XDG_RUNTIME_DIR: '', ...env },
    timeoutMs: 30_000,
  });
  return { r, ms: Date.now() - started };
}

async function manifest(host: string): Promise<string> {
  const file = path.join(await tmp.make(), 'deploy.yaml');
  const image = `${host}/demo/app:v1@${digest}`;
  await writeFile(file, `kind: Pod\nspec:\n  containers:\n  - name: app\n    image: ${image}\n`);
  return file;
}

describe.each(cases)('$name', (c) => {
  test.concurrent.each(['guard', 'resolve', 'verify'] as const)(
    `%s: the right exit code and hint within ${c.bound} s`,
    async (command) => {
      const want = c[command];
      const target = await c.target();
      try {
        const { r, ms } = await run(command, target.host, c.env ?? {});
        timings.push(`${c.name} / ${command}: ${ms} (exit ${r.exitCode})`);
        expect({ exit: r.exitCode, stderr: r.stderr }).toMatchObject({ exit: want.exit });
        expect(ms).toBeLessThanOrEqual(c.bound * 1000);
        if (c.min !== undefined) expect(ms).toBeGreaterThanOrEqual(c.min);
        if (command === 'verify') {
          const image = r.json<VerifyJson>().images[0];
          expect(image?.status).toBe(want.status);
          if (want.hint) expect(image?.hint).toMatch(want.hint);
          if (want.message) expect(image?.message).toMatch(want.message);
          return;
        }
        const json = r.json<ErrorJson>();
        if (want.exit === 0) {
          expect(json.error).toBeUndefined();
          if (command === 'resolve') expect(r.stdout).toContain(digest);
          return;
        }
        expect(json.error?.code).toBe(want.code);
        if (want.hint) expect(json.error?.hint).toMatch(want.hint);
        if (want.message) expect(json.error?.message).toMatch(want.message);
      } finally {
        await target.stop();
      }
    },
  );
});
