/**
 * Transient faults at every step of a push on the path real registries take (issue 14): every
 * byte through the relay (the registry asks for credentials: htpasswd), the fault proxy between
 * the relay and the real docker-registry, the built CLI (`npm run build` first) and real skopeo.
 * Each kind of request skopeo or digestpin makes fails once (a reset, 502, 503, 504 or 429): the
 * push goes on and the tag holds the pushed digest. The same fault every time: exit 5 within the
 * bound, the step named, and the tag absent or complete — never half pushed.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { runCli, tempDirs } from '../../support/cli.js';
import {
  faults,
  startFaultProxy,
  type Fault,
  type FaultProxy,
  type FaultRule,
} from '../../support/faults.js';
import { writeOciImage } from '../../support/image.js';
import { authJson } from '../../support/push.js';
import { startRegistry, type Registry } from '../../support/registry.js';
import { tagHolds } from '../../support/tag-check.js';
import { makeCertificate } from '../../support/tls.js';

const tmp = tempDirs('digestpin-transient-');
const AUTH = { username: 'ci', password: 'transient-secret' };
const TAG = 'build-1';
let registry: Registry;
let home: string;

beforeAll(async () => {
  home = await tmp.make();
  registry = await startRegistry({ auth: AUTH });
});
afterAll(async () => {
  await registry.stop();
  await tmp.cleanup();
});

interface Step {
  step: string;
  method: string;
  path: RegExp;
  /** Matching requests let through before the fault applies. */
  skip?: number;
  once: Fault;
  always: Fault;
  /** What the error message of a lasting fault names. */
  named: RegExp;
}

const steps: Step[] = [
  {
    step: 'blob HEAD',
    method: 'HEAD',
    path: /\/blobs\/sha256:/,
    once: faults.reset(),
    always: faults.status(503),
    named: /blob check \(HEAD\)/,
  },
  {
    step: 'upload POST',
    method: 'POST',
    path: /\/blobs\/uploads\/$/,
    once: faults.reset(),
    always: faults.reset(),
    named: /upload start \(POST\)/,
  },
  {
    step: 'upload PATCH',
    method: 'PATCH',
    path: /\/blobs\/uploads\//,
    once: faults.status(503),
    always: faults.resetAfter(64 * 1024),
    named: /blob upload \(PATCH\)/,
  },
  {
    step: 'upload PUT',
    method: 'PUT',
    path: /\/blobs\/uploads\/.*digest=/,
    once: faults.status(502),
    always: faults.status(502),
    named: /upload finish \(PUT\)/,
  },
  {
    step: 'manifest PUT by digest',
    method: 'PUT',
    path: /\/manifests\/sha256:/,
    once: faults.status(504),
    always: faults.status(504),
    named: /manifest PUT by digest/,
  },
  {
    step: 'fresh tag HEAD',
    method: 'HEAD',
    path: new RegExp(`/manifests/${TAG}$`),
    // the first HEAD of the tag is the check made while the upload starts; the second is the
    // fresh check right before the tag is written
    skip: 1,
    once: faults.reset(),
    always: faults.status(503),
    named: new RegExp(`${TAG} \\(HEAD\\)`),
  },
  {
    step: 'tag PUT',
    method: 'PUT',
    path: new RegExp(`/manifests/${TAG}$`),
    once: faults.tooManyRequests(1),
    always: faults.reset(),
    named: /tag PUT/,
  },
];

interface PushJson {
  digest?: string;
  pushed?: boolean;
  error?: { code: string; message: string; hint: string };
}

async function pushThrough(
  rule: FaultRule,
  repo: string,
  all = false,
  tls?: { key: string; cert: string; certFile: string },
  extraEnv: NodeJS.ProcessEnv = {},
) {
  const proxy = await startFaultProxy(registry.url, [rule], tls ? { tls } : {});
  try {
    const dir = await tmp.make();
    const authfile = path.join(dir, 'auth.json');
    await writeFile(authfile, authJson(proxy.host, AUTH.username, AUTH.password), { mode: 0o600 });
    const image = await writeOciImage(dir, {
      layers: [{ size: 512 * 1024, random: true }],
      ...(all && { platforms: ['linux/amd64', 'linux/arm64'] }),
    });
    const started = Date.now();
    const r = await runCli(
      [
        'push',
        '--json',
        '--tag',
        TAG,
        '--authfile',
        authfile,
        ...(all ? ['--all'] : []),
        image.ref,
        `${proxy.host}/${repo}`,
      ],
      {
        env: {
          HOME: home,
          REGISTRY_AUTH_FILE: '',
          XDG_RUNTIME_DIR: '',
          // straight uploads however small the image (else a small one's bytes go through the relay)
          ...(tls && { NODE_EXTRA_CA_CERTS: tls.certFile, DIGESTPIN_RELAY_BLOBS: '0' }),
          ...extraEnv,
        },
        timeoutMs: 90_000,
      },
    );
    return {
      r,
      ms: Date.now() - started,
      json: r.json<PushJson>(),
      hits: proxy.hits('fault'),
      holds: await tagHolds(registry, repo, TAG),
    };
  } finally {
    await proxy.stop();
  }
}

describe('push survives transient faults at every step (HTTPS-like path: credentials, all bytes through the relay)', () => {
  test.concurrent.each(steps.map((s, i) => ({ ...s, i })))(
    '$step fails once: exit 0 and the pushed digest under the tag',
    async (s) => {
      const repo = `transient/once-${s.i}`;
      const { r, json, hits, holds } = await pushThrough(
        { name: 'fault', method: s.method, path: s.path, count: 1, skip: s.skip, fault: s.once },
        repo,
      );
      expect({ exit: r.exitCode, json, stderr: r.stderr }).toMatchObject({ exit: 0 });
      expect(hits).toBe(1);
      expect(json.pushed).toBe(true);
      expect(holds).toEqual({ state: 'complete', digest: json.digest });
    },
  );

  test.concurrent.each(steps.map((s, i) => ({ ...s, i })))(
    '$step fails every time: exit 5 naming the step within 45 s, the tag absent',
    async (s) => {
      const repo = `transient/always-${s.i}`;
      const { r, ms, json, holds } = await pushThrough(
        { name: 'fault', method: s.method, path: s.path, skip: s.skip, fault: s.always },
        repo,
      );
      expect({ exit: r.exitCode, json, stderr: r.stderr }).toMatchObject({ exit: 5 });
      expect(json.error?.message).toMatch(s.named);
      expect(json.error?.hint).toMatch(/./);
      expect(ms).toBeLessThanOrEqual(45_000);
      expect(holds.state).toBe('absent');
    },
  );

  // a registry that takes a blob's bytes and never answers: the relay ends the request once
  // nothing has moved for DIGESTPIN_STALL_MS (it was a fixed 2 minutes), and the copy runs again
  test.concurrent.each([
    { when: 'once', count: 1, exit: 0 },
    { when: 'every time', count: undefined, exit: 5 },
  ])(
    'a blob upload (PATCH) the registry never answers, $when (DIGESTPIN_STALL_MS=2000): exit $exit well before the push timeout',
    async (c) => {
      const repo = `transient/stall-${c.when.replace(' ', '-')}`;
      const { r, ms, json, hits, holds } = await pushThrough(
        {
          name: 'fault',
          method: 'PATCH',
          path: /\/blobs\/uploads\//,
          ...(c.count !== undefined && { count: c.count }),
          fault: faults.stall(),
        },
        repo,
        false,
        undefined,
        { DIGESTPIN_STALL_MS: '2000', DIGESTPIN_PUSH_TIMEOUT_MS: '60000' },
      );
      expect({ exit: r.exitCode, json, stderr: r.stderr }).toMatchObject({ exit: c.exit });
      expect(ms).toBeLessThan(40_000);
      if (c.exit === 0) {
        expect(hits).toBe(1);
        expect(r.stderr).toMatch(
          /blob upload \(PATCH\) failed: no bytes moved for 2 s; copying again \(1\/2\)/,
        );
        expect(holds).toEqual({ state: 'complete', digest: json.digest });
      } else {
        expect(hits).toBe(3);
        expect(json.error?.code).toBe('TIMEOUT');
        expect(json.error?.message).toMatch(
          /blob upload \(PATCH\) failed: no bytes moved for 2 s$/,
        );
        expect(json.error?.hint).toMatch(/DIGESTPIN_STALL_MS \(now 2000 ms\)/);
        expect(holds.state).toBe('absent');
      }
    },
  );

  // a request without a body the registry never answers is sent again by the relay itself (it was
  // answered 502 after 2 minutes, and skopeo failed)
  test('a blob check (HEAD) the registry never answers, once (DIGESTPIN_STALL_MS=2000): the relay sends it again, exit 0', async () => {
    const { r, ms, json, hits, holds } = await pushThrough(
      { name: 'fault', method: 'HEAD', path: /\/blobs\/sha256:/, count: 1, fault: faults.stall() },
      'transient/stall-head',
      false,
      undefined,
      { DIGESTPIN_STALL_MS: '2000', DIGESTPIN_PUSH_TIMEOUT_MS: '60000' },
    );
    expect({ exit: r.exitCode, json, stderr: r.stderr }).toMatchObject({ exit: 0 });
    expect(ms).toBeLessThan(20_000);
    expect(hits).toBe(1);
    expect(r.stderr).not.toMatch(/copying again/);
    expect(holds).toEqual({ state: 'complete', digest: json.digest });
  });

  // with --all, skopeo itself PUTs each platform's manifest by digest (the relay only turns the
  // list's PUT by tag into its three steps): the relay reads such a manifest whole and resends it
  test.concurrent.each([
    { when: 'once', count: 1, exit: 0 },
    { when: 'every time', count: undefined, exit: 5 },
  ])('--all: a platform manifest PUT by digest fails $when (503): exit $exit', async (c) => {
    const repo = `transient/all-${c.when.replace(' ', '-')}`;
    const { r, json, holds } = await pushThrough(
      {
        name: 'fault',
        method: 'PUT',
        path: /\/manifests\/sha256:/,
        ...(c.count !== undefined && { count: c.count }),
        fault: faults.status(503),
      },
      repo,
      true,
    );
    expect({ exit: r.exitCode, json, stderr: r.stderr }).toMatchObject({ exit: c.exit });
    if (c.exit === 0) expect(holds).toEqual({ state: 'complete', digest: json.digest });
    else {
      expect(json.error?.message).toMatch(/manifest PUT by digest/);
      expect(holds.state).toBe('absent');
    }
  });
});

// An HTTPS registry that digestpin verifies: skopeo sends the blob bytes straight to it (the relay
// keeps manifests and the tag), so the fault proxy, serving TLS as 0.0.0.0:PORT, sees skopeo's own
// PATCH and PUT; a failed one is retried by running the copy again.
describe('transient faults on uploads that go straight from skopeo to an HTTPS registry', () => {
  let tls: { key: string; cert: string; certFile: string };
  beforeAll(async () => {
    const dir = await tmp.make();
    const files = await makeCertificate(dir, '0.0.0.0');
    tls = {
      key: await readFile(files.key, 'utf8'),
      cert: await readFile(files.cert, 'utf8'),
      certFile: files.cert,
    };
  });
  const direct = steps.filter((s) => s.method === 'PATCH' || /digest=/.test(String(s.path)));

  test.concurrent.each(direct.map((s, i) => ({ ...s, i })))(
    '$step fails once: exit 0 and the pushed digest under the tag',
    async (s) => {
      const repo = `transient/direct-once-${s.i}`;
      const { r, json, hits, holds } = await pushThrough(
        { name: 'fault', method: s.method, path: s.path, count: 1, fault: s.once },
        repo,
        false,
        tls,
      );
      expect({ exit: r.exitCode, json, stderr: r.stderr }).toMatchObject({ exit: 0 });
      expect(hits).toBe(1);
      expect(holds).toEqual({ state: 'complete', digest: json.digest });
    },
  );

  test.concurrent.each(direct.map((s, i) => ({ ...s, i })))(
    '$step fails every time: exit 5 naming the step within 45 s, the tag absent',
    async (s) => {
      const repo = `transient/direct-always-${s.i}`;
      const { r, ms, json, holds } = await pushThrough(
        { name: 'fault', method: s.method, path: s.path, fault: s.always },
        repo,
        false,
        tls,
      );
      expect({ exit: r.exitCode, json, stderr: r.stderr }).toMatchObject({ exit: 5 });
      expect(json.error?.message).toMatch(s.named);
      expect(json.error?.message).toContain('straight to the registry');
      expect(ms).toBeLessThanOrEqual(45_000);
      expect(holds.state).toBe('absent');
    },
  );
});

// A push from a docker:// source (promoting an image from a build registry): skopeo copy reads the
// source's manifests and blobs, and digestpin's `skopeo inspect` its manifests (on --dry-run, and
// when the tag exists, to compare configs), all through the fault proxy; a read that fails once
// must not end the push any more than a write. (Two cases passed before source reads were run
// again, kept as regression cover: a single 429, which skopeo waits out itself, and a lasting 503
// on the manifest, which was already named as the source.)
describe('transient faults reading a docker:// source', () => {
  let proxy: FaultProxy;
  let authfile: string;
  const env = () => ({ HOME: home, REGISTRY_AUTH_FILE: '', XDG_RUNTIME_DIR: '' });
  beforeAll(async () => {
    const dir = await tmp.make();
    proxy = await startFaultProxy(registry.url);
    authfile = path.join(dir, 'auth.json');
    await writeFile(authfile, authJson([proxy.host, registry.host], AUTH.username, AUTH.password), {
      mode: 0o600,
    });
    const single = await writeOciImage(await tmp.make(), {
      layers: [{ size: 512 * 1024, random: true }],
    });
    const multi = await writeOciImage(await tmp.make(), {
      layers: [{ size: 256 * 1024, random: true }],
      platforms: ['linux/amd64', 'linux/arm64'],
    });
    for (const [image, repo, all] of [
      [single.ref, 'src/app', false],
      [multi.ref, 'src/multi', true],
    ] as const) {
      const r = await runCli(
        [
          'push',
          '--json',
          '--tag',
          'v1',
          '--authfile',
          authfile,
          image,
          `${registry.host}/${repo}`,
        ].concat(all ? ['--all', '--format', 'oci'] : []),
        { env: env() },
      );
      expect({ exit: r.exitCode, stderr: r.stderr }).toMatchObject({ exit: 0 });
    }
  });
  afterAll(async () => {
    await proxy?.stop();
  });

  async function pushFrom(
    repo: string,
    dest: string,
    all: boolean,
    extra: string[] = [],
    extraEnv: NodeJS.ProcessEnv = {},
  ) {
    const started = Date.now();
    const r = await runCli(
      [
        'push',
        '--json',
        '--tag',
        TAG,
        '--authfile',
        authfile,
        ...(all ? ['--all'] : []),
        ...extra,
        `docker://${proxy.host}/${repo}:v1`,
        `${registry.host}/${dest}`,
      ],
      { env: { ...env(), ...extraEnv }, timeoutMs: 90_000 },
    );
    proxy.setRules([]);
    return { r, ms: Date.now() - started, json: r.json<PushJson>() };
  }

  const reads: { step: string; path: RegExp; fault: Fault; skip?: number; all?: boolean }[] = [
    { step: 'manifest GET', path: /\/src\/app\/manifests\//, fault: faults.status(503) },
    { step: 'blob GET (503)', path: /\/src\/app\/blobs\/sha256:/, fault: faults.status(503) },
    { step: 'blob GET (reset)', path: /\/src\/app\/blobs\/sha256:/, fault: faults.reset() },
    { step: 'blob GET (502)', path: /\/src\/app\/blobs\/sha256:/, fault: faults.status(502) },
    {
      step: 'blob GET (429)',
      path: /\/src\/app\/blobs\/sha256:/,
      fault: faults.tooManyRequests(1),
    },
    {
      step: 'second blob GET (504)',
      path: /\/src\/app\/blobs\/sha256:/,
      skip: 1,
      fault: faults.status(504),
    },
    {
      step: '--all: a platform blob GET (503)',
      path: /\/src\/multi\/blobs\/sha256:/,
      skip: 1,
      fault: faults.status(503),
      all: true,
    },
    {
      step: '--all: a platform manifest GET (503)',
      path: /\/src\/multi\/manifests\/sha256:/,
      skip: 1,
      fault: faults.status(503),
      all: true,
    },
  ];

  test.each(reads.map((s, i) => ({ ...s, i })))(
    '$step of the source fails once: exit 0 and the digest under the tag',
    async (s) => {
      const name = `read-${s.i}`;
      proxy.setRules([
        { name, method: 'GET', path: s.path, count: 1, skip: s.skip, fault: s.fault },
      ]);
      const repo = `transient/from-source-${s.i}`;
      const { r, json } = await pushFrom(s.all ? 'src/multi' : 'src/app', repo, s.all === true);
      expect({ exit: r.exitCode, error: json.error?.message }).toEqual({ exit: 0 });
      expect(proxy.hits(name)).toBe(1);
      expect(await tagHolds(registry, repo, TAG)).toEqual({
        state: 'complete',
        digest: json.digest,
      });
    },
  );

  test.each([
    { what: 'manifest', path: /\/src\/app\/manifests\// },
    { what: 'blob', path: /\/src\/app\/blobs\/sha256:/ },
  ])(
    'every $what GET of the source fails (503): exit 5 naming the source within 45 s, the tag absent',
    async (c) => {
      proxy.setRules([{ name: 'always', method: 'GET', path: c.path, fault: faults.status(503) }]);
      const repo = `transient/from-source-always-${c.what}`;
      const { r, ms, json } = await pushFrom('src/app', repo, false);
      expect({ exit: r.exitCode, json, stderr: r.stderr }).toMatchObject({ exit: 5 });
      expect(json.error?.message).toContain(`source docker://${proxy.host}/src/app:v1`);
      expect(json.error?.hint).toMatch(/./);
      expect(ms).toBeLessThanOrEqual(45_000);
      expect((await tagHolds(registry, repo, TAG)).state).toBe('absent');
    },
  );
  // skopeo inspect, the only reader of the source on a dry run
  test('--dry-run: the manifest GET of the source fails once (503): exit 0', async () => {
    proxy.setRules([
      {
        name: 'dry',
        method: 'GET',
        path: /\/src\/app\/manifests\//,
        count: 1,
        fault: faults.status(503),
      },
    ]);
    const { r, json } = await pushFrom('src/app', 'transient/from-source-dry', false, [
      '--dry-run',
    ]);
    expect({ exit: r.exitCode, error: json.error?.message }).toEqual({ exit: 0 });
    expect(proxy.hits('dry')).toBe(1);
  });

  // a source registry that never answers: skopeo sets no limit on its reads, so the copy and
  // skopeo inspect waited for the push timeout; both are stopped once nothing moved for
  // DIGESTPIN_STALL_MS and run again
  const STALLING = { DIGESTPIN_STALL_MS: '2000', DIGESTPIN_PUSH_TIMEOUT_MS: '75000' };
  test.each([
    { what: 'the copy: a blob GET', path: /\/src\/app\/blobs\/sha256:/, extra: [] },
    {
      what: '--dry-run (skopeo inspect): the manifest GET',
      path: /\/src\/app\/manifests\//,
      extra: ['--dry-run'],
    },
  ])(
    '$what of the source never answers, once (DIGESTPIN_STALL_MS=2000): exit 0 long before the push timeout',
    async (c) => {
      // hits are counted by name for the whole suite
      const name = `stall-once-${c.extra.length}`;
      proxy.setRules([{ name, method: 'GET', path: c.path, count: 1, fault: faults.stall() }]);
      const { r, ms, json } = await pushFrom(
        'src/app',
        `transient/from-source-stall-${c.extra.length}`,
        false,
        c.extra,
        STALLING,
      );
      expect({ exit: r.exitCode, error: json.error?.message }).toEqual({ exit: 0 });
      expect(ms).toBeLessThan(25_000);
      expect(proxy.hits(name)).toBe(1);
      expect(r.stderr).toMatch(/no bytes moved for 2 s; (copying|reading) again \(1\/2\)/);
    },
  );

  // the source sends a blob's first bytes and then nothing: skopeo stops feeding the relayed PATCH,
  // and the relay's limit names skopeo (and its source), not the destination registry
  test('a blob GET of the source stops mid-body, once: the relayed upload it feeds is ended and named as starved, exit 0', async () => {
    const name = 'stall-body';
    proxy.setRules([
      {
        name,
        method: 'GET',
        path: /\/src\/app\/blobs\/sha256:/,
        count: 1,
        fault: faults.stallAnswerAfter(64 * 1024),
      },
    ]);
    const { r, ms, json } = await pushFrom(
      'src/app',
      'transient/from-source-stall-body',
      false,
      [],
      STALLING,
    );
    expect({ exit: r.exitCode, error: json.error?.message }).toEqual({ exit: 0 });
    expect(ms).toBeLessThan(25_000);
    expect(proxy.hits(name)).toBe(1);
    expect(r.stderr).toMatch(
      /blob upload \(PATCH\) failed: skopeo sent no more of the blob: no bytes moved for 2 s; copying again \(1\/2\)/,
    );
  });

  test('every manifest GET of the source never answers (--dry-run): exit 5 (TIMEOUT) naming the source, long before the push timeout', async () => {
    proxy.setRules([
      {
        name: 'stall-always',
        method: 'GET',
        path: /\/src\/app\/manifests\//,
        fault: faults.stall(),
      },
    ]);
    const { r, ms, json } = await pushFrom(
      'src/app',
      'transient/from-source-stall-always',
      false,
      ['--dry-run'],
      STALLING,
    );
    expect({ exit: r.exitCode, json, stderr: r.stderr }).toMatchObject({ exit: 5 });
    expect(ms).toBeLessThan(40_000);
    expect(json.error?.code).toBe('TIMEOUT');
    expect(json.error?.message).toContain(`reading the source docker://${proxy.host}/src/app:v1`);
    expect(proxy.hits('stall-always')).toBe(3);
    expect(json.error?.hint).toMatch(/^The source stopped answering skopeo's read/);
  });

  // the tag exists: skopeo inspect reads the source's config to compare (skopeo's copy, stopped
  // at once, may meet the first fault or none: two faults reach the inspect either way)
  test('the tag exists and the source manifest GET fails twice (503): exit 0, nothing pushed', async () => {
    const repo = 'transient/from-source-again';
    const first = await pushFrom('src/app', repo, false);
    expect({ exit: first.r.exitCode, error: first.json.error?.message }).toEqual({ exit: 0 });
    proxy.setRules([
      {
        name: 'again',
        method: 'GET',
        path: /\/src\/app\/manifests\//,
        count: 2,
        fault: faults.status(503),
      },
    ]);
    const { r, json } = await pushFrom('src/app', repo, false);
    expect({ exit: r.exitCode, error: json.error?.message }).toEqual({ exit: 0 });
    expect(json).toMatchObject({ pushed: false, digest: first.json.digest });
    expect(proxy.hits('again')).toBe(2);
  });

  // skopeo waits out a 429 itself (~30 s); a copy run again would wait as long again, each time
  test('every manifest GET of the source gets 429: exit 5 within 45 s, not run again', async () => {
    proxy.setRules([
      {
        name: 'limited',
        method: 'GET',
        path: /\/src\/app\/manifests\//,
        fault: faults.tooManyRequests(1),
      },
    ]);
    const repo = 'transient/from-source-limited';
    const { r, ms, json } = await pushFrom('src/app', repo, false);
    expect({ exit: r.exitCode, json, stderr: r.stderr }).toMatchObject({ exit: 5 });
    expect(json.error?.code).toBe('RATE_LIMITED');
    expect(json.error?.message).toContain(`source docker://${proxy.host}/src/app:v1`);
    expect(r.stderr).not.toMatch(/copying again/);
    expect(ms).toBeLessThanOrEqual(45_000);
    expect((await tagHolds(registry, repo, TAG)).state).toBe('absent');
  }, 90_000);
});
