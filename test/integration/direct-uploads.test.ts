// Blob uploads straight from skopeo to an HTTPS registry (issue 14, docs/decisions/relay.md): the
// relay serves TLS with a per-run certificate, hands skopeo what it needs to authenticate, and
// keeps the manifests and the tag; skopeo verifies the registry's certificate itself. A real
// docker-registry with TLS and htpasswd on 127.0.0.1, named `0.0.0.0:PORT` (not a loopback name,
// so its certificate must verify: NODE_EXTRA_CA_CERTS), the built CLI and real skopeo.
import { chmod, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { cliPath, runCli, tempDirs } from '../support/cli.js';
import { writeOciImage } from '../support/image.js';
import {
  faults,
  startFaultProxy,
  type Fault,
  type FaultProxy,
  type FaultRule,
} from '../support/faults.js';
import { authJson } from '../support/push.js';
import { startRegistry, type Registry } from '../support/registry.js';
import { makeCertificate, remoteLooking } from '../support/tls.js';
import { startTokenServer, type TokenServer } from '../support/token-server.js';

const USER = 'ci';
const PASSWORD = 'direct-s3cret-8c1e';
const tmp = tempDirs('digestpin-direct-');
let registry: Registry;
let cert: string;
let work: string;
let host: string;

beforeAll(async () => {
  work = await tmp.make();
  const files = await makeCertificate(work, '0.0.0.0');
  cert = files.cert;
  registry = await startRegistry({
    auth: { username: USER, password: PASSWORD },
    tls: { certificate: files.cert, key: files.key },
  });
  host = remoteLooking(registry.port);
}, 30000);
afterAll(async () => {
  await registry?.stop();
  await tmp.cleanup();
});

async function env(extra: NodeJS.ProcessEnv = {}): Promise<NodeJS.ProcessEnv> {
  const authfile = path.join(work, 'auth.json');
  await writeFile(authfile, authJson(host, USER, PASSWORD), { mode: 0o600 });
  return {
    PATH: process.env.PATH,
    HOME: work,
    XDG_RUNTIME_DIR: work,
    REGISTRY_AUTH_FILE: authfile,
    NODE_EXTRA_CA_CERTS: cert,
    DIGESTPIN_TIMEOUT_MS: '10000',
    // straight uploads however small the image (the size rule has its own test)
    DIGESTPIN_RELAY_BLOBS: '0',
    ...extra,
  };
}

/** The relay's request lines of a --verbose run (`relay: METHOD /path`). */
function relayed(stderr: string): string[] {
  return stderr.split('\n').filter((l) => /relay: [A-Z]+ \//.test(l));
}

/** The digest the tag holds now (digestpin resolve, verifying the certificate). */
async function tagDigest(e: NodeJS.ProcessEnv, ref: string): Promise<string> {
  const r = await runCli(['resolve', ref], { env: e, extendEnv: false });
  expect(r.exitCode).toBe(0);
  return r.stdout.trim().split('@')[1] ?? '';
}

async function image(seed: string): Promise<string> {
  return (
    await writeOciImage(await tmp.make(), {
      layers: [
        { size: 3 * 1024 * 1024, seed: `${seed}-a` },
        { size: 65536, seed: `${seed}-b` },
      ],
    })
  ).ref;
}

describe('push to an HTTPS registry with credentials', () => {
  test('blob bytes go straight from skopeo to the registry; the relay sees no blob upload, writes the tag', async () => {
    const e = await env();
    const repo = `${host}/direct/app`;
    const source = await image('basic');
    const r = await runCli(['push', source, repo, '--tag', 'd1', '--json', '--verbose'], {
      env: e,
      extendEnv: false,
    });
    expect(r.exitCode).toBe(0);
    const lines = relayed(r.stderr);
    // the uploads were opened through the relay (so it knows of them) …
    expect(lines.some((l) => /relay: POST \/v2\/direct\/app\/blobs\/uploads\//.test(l))).toBe(true);
    // … but no blob byte went through it
    expect(lines.filter((l) => /relay: (PATCH|PUT) \S*\/blobs\/uploads\//.test(l))).toEqual([]);
    // the manifest and the tag did
    expect(lines.some((l) => /relay: PUT \/v2\/direct\/app\/manifests\/d1/.test(l))).toBe(true);
    const out = JSON.parse(r.stdout) as { digest: string; pushed: boolean };
    expect(out.pushed).toBe(true);
    expect(await tagDigest(e, `${repo}:d1`)).toBe(out.digest);
    // the same image again: nothing to upload, the tag is left as it is
    const again = await runCli(['push', source, repo, '--tag', 'd1', '--json'], {
      env: e,
      extendEnv: false,
    });
    expect(again.exitCode).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ digest: out.digest, pushed: false });
  });

  test('DIGESTPIN_RELAY_BLOBS=1 sends the blob bytes through the relay instead', async () => {
    const e = await env({ DIGESTPIN_RELAY_BLOBS: '1' });
    const r = await runCli(
      ['push', await image('relayed'), `${host}/direct/relayed`, '--tag', 'r1', '--verbose'],
      { env: e, extendEnv: false },
    );
    expect(r.exitCode).toBe(0);
    expect(relayed(r.stderr).some((l) => /relay: (PATCH|PUT) \S*\/blobs\/uploads\//.test(l))).toBe(
      true,
    );
  });

  test('by default a small image (16 MiB or less) sends its blob bytes through the relay, a bigger one straight', async () => {
    const e = await env({ DIGESTPIN_RELAY_BLOBS: undefined });
    const through = (stderr: string) =>
      relayed(stderr).some((l) => /relay: (PATCH|PUT) \S*\/blobs\/uploads\//.test(l));
    const small = await runCli(
      ['push', await image('small'), `${host}/direct/small`, '--tag', 's1', '--verbose'],
      { env: e, extendEnv: false },
    );
    expect(small.exitCode).toBe(0);
    expect(small.stderr).toMatch(/blob bytes in all: they go through the relay/);
    expect(through(small.stderr)).toBe(true);
    const bigSource = (
      await writeOciImage(await tmp.make(), {
        layers: [
          { size: 16 * 1024 * 1024, seed: 'big-a' },
          { size: 65536, seed: 'big-b' },
        ],
      })
    ).ref;
    const big = await runCli(
      ['push', bigSource, `${host}/direct/big`, '--tag', 'b1', '--json', '--verbose'],
      { env: e, extendEnv: false },
    );
    expect(big.exitCode).toBe(0);
    expect(through(big.stderr)).toBe(false);
    const out = JSON.parse(big.stdout) as { digest: string };
    expect(await tagDigest(e, `${host}/direct/big:b1`)).toBe(out.digest);
  }, 60000);

  test('when skopeo cannot verify the registry on its own upload, the push says so and sends the blobs through digestpin', async () => {
    // a skopeo that trusts the relay but not the registry: NODE_EXTRA_CA_CERTS's bundle is taken
    // out of the folder it is given (a CA only Node was told about, some other way)
    const wrapper = path.join(work, 'skopeo-without-registry-ca');
    await writeFile(
      wrapper,
      [
        '#!/bin/bash',
        'for ((i=1; i<=$#; i++)); do',
        '  if [ "${!i}" = --dest-cert-dir ]; then j=$((i+1)); rm -f "${!j}/node-extra-ca-certs.crt"; fi',
        'done',
        'exec skopeo "$@"',
        '',
      ].join('\n'),
    );
    await chmod(wrapper, 0o755);
    const e = await env({ DIGESTPIN_SKOPEO: wrapper });
    const r = await runCli(
      ['push', await image('fallback'), `${host}/direct/fallback`, '--tag', 'f1', '--json'],
      { env: e, extendEnv: false },
    );
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/skopeo could not verify the certificate of 0\.0\.0\.0:\d+/);
    expect(r.stderr).toContain('through digestpin');
    // one progress for the push made again: one first line, each blob counted once
    expect(r.stderr.split('\n').filter((l) => /^pushing /.test(l))).toHaveLength(1);
    expect(
      r.stderr
        .split('\n')
        .filter((l) => /^blob \S+ uploaded \(\d\/3\)$/.test(l))
        .map((l) => l.slice(-5)),
    ).toEqual(['(1/3)', '(2/3)', '(3/3)']);
    const out = JSON.parse(r.stdout) as { digest: string };
    expect(await tagDigest(e, `${host}/direct/fallback:f1`)).toBe(out.digest);
  });

  test('credentials the registry refuses for digestpin too: exit 4 at once, no second push', async () => {
    const authfile = path.join(work, 'wrong-auth.json');
    await writeFile(authfile, authJson(host, USER, 'not-the-password'), { mode: 0o600 });
    const e = await env({ REGISTRY_AUTH_FILE: authfile });
    const r = await runCli(
      ['push', await image('wrong'), `${host}/direct/wrong`, '--tag', 'w1', '--json'],
      { env: e, extendEnv: false },
    );
    expect(r.exitCode).toBe(4);
    expect(r.stderr).not.toMatch(/pushing again/);
  });
});

/**
 * A TLS fault proxy named 0.0.0.0:PORT (its certificate verifies) in front of a plain-HTTP
 * htpasswd registry, with an auth file for it: the registry as skopeo and digestpin reach it.
 */
async function behindFaultProxy(
  rules: FaultRule[],
): Promise<{ proxy: FaultProxy; env: NodeJS.ProcessEnv; stop: () => Promise<void> }> {
  const plain = await startRegistry({ auth: { username: USER, password: PASSWORD } });
  const proxy = await startFaultProxy(plain.url, rules, {
    tls: {
      key: await readFile(path.join(work, 'key.pem'), 'utf8'),
      cert: await readFile(cert, 'utf8'),
    },
  });
  const authfile = path.join(work, `proxy-auth-${proxy.port}.json`);
  await writeFile(authfile, authJson(proxy.host, USER, PASSWORD), { mode: 0o600 });
  return {
    proxy,
    env: await env({ REGISTRY_AUTH_FILE: authfile }),
    stop: async () => {
      await proxy.stop();
      await plain.stop();
    },
  };
}

/** A rule for skopeo's own blob upload (PATCH), named `fault`; the first `count` ones only. */
function onPatch(fault: Fault, count?: number): FaultRule {
  return { name: 'fault', method: 'PATCH', path: /\/blobs\/uploads\//, count, fault };
}

test("a 401 on skopeo's own blob upload (the registry takes digestpin's requests): the push says so and sends the blobs through digestpin", async () => {
  // skopeo's first PATCH gets 401
  const { proxy, env: e, stop } = await behindFaultProxy([onPatch(faults.status(401), 1)]);
  try {
    const r = await runCli(
      ['push', await image('creds'), `${proxy.host}/direct/creds`, '--tag', 'c1', '--json'],
      { env: e, extendEnv: false },
    );
    expect(r.exitCode).toBe(0);
    expect(proxy.hits('fault')).toBe(1);
    expect(r.stderr).toMatch(/refused skopeo's own credentials/);
    expect(r.stderr.split('\n').filter((l) => /^pushing /.test(l))).toHaveLength(1);
    const out = JSON.parse(r.stdout) as { digest: string };
    expect(await tagDigest(e, `${proxy.host}/direct/creds:c1`)).toBe(out.digest);
  } finally {
    await stop();
  }
});

describe("a registry that stops answering skopeo's own upload (DIGESTPIN_STALL_MS)", () => {
  // skopeo (containers/image) sets no time limit on an upload: without a watchdog a registry that
  // takes the bytes and never answers holds the push until DIGESTPIN_PUSH_TIMEOUT_MS (30 min)
  const STALL = { DIGESTPIN_STALL_MS: '3000', DIGESTPIN_PUSH_TIMEOUT_MS: '120000' };
  /** One small layer: each of the three runs re-sends it, and a loaded CI machine is slow. */
  const small = async (seed: string) =>
    (await writeOciImage(await tmp.make(), { layers: [{ size: 256 * 1024, seed }] })).ref;

  test('once: the copy is stopped after 3 s without a byte moving, run again, and the tag written', async () => {
    const { proxy, env: e, stop } = await behindFaultProxy([onPatch(faults.stall(), 1)]);
    try {
      const started = Date.now();
      const r = await runCli(
        ['push', await small('stall-once'), `${proxy.host}/direct/stall`, '--tag', 's1', '--json'],
        { env: { ...e, ...STALL }, extendEnv: false, timeoutMs: 150_000 },
      );
      expect({ exit: r.exitCode, stderr: r.stderr }).toMatchObject({ exit: 0 });
      expect(Date.now() - started).toBeLessThan(25_000);
      expect(proxy.hits('fault')).toBe(1);
      expect(r.stderr).toMatch(
        /blob upload \(skopeo, straight to the registry\): no bytes moved for 3 s; copying again \(1\/2\)/,
      );
      const out = JSON.parse(r.stdout) as { digest: string };
      expect(await tagDigest(e, `${proxy.host}/direct/stall:s1`)).toBe(out.digest);
    } finally {
      await stop();
    }
  }, 180_000);

  test('lasting: exit 5 (TIMEOUT) naming the step after the copy was run three times, long before the push timeout; no tag', async () => {
    const { proxy, env: e, stop } = await behindFaultProxy([onPatch(faults.stall())]);
    try {
      const started = Date.now();
      const r = await runCli(
        [
          'push',
          await small('stall-always'),
          `${proxy.host}/direct/stall`,
          '--tag',
          's2',
          '--json',
        ],
        { env: { ...e, ...STALL }, extendEnv: false, timeoutMs: 150_000 },
      );
      expect(r.exitCode).toBe(5);
      // three runs of 3 s (after the bytes are sent), 1 s and 2 s apart, and skopeo's start-ups:
      // well within the 120 s (they took 16 s on a quiet machine, 51 s with a 3 MiB layer on a
      // machine running two test suites at once)
      expect(Date.now() - started).toBeLessThan(80_000);
      expect(proxy.hits('fault')).toBe(3);
      const err = (
        JSON.parse(r.stdout) as { error: { code: string; message: string; hint: string } }
      ).error;
      expect(err.code).toBe('TIMEOUT');
      expect(err.message).toMatch(
        new RegExp(
          `^${proxy.host.replace(/\./g, '\\.')}/direct/stall:s2: blob upload \\(skopeo, straight to the registry\\): no bytes moved for 3 s`,
        ),
      );
      expect(err.hint).toMatch(/DIGESTPIN_STALL_MS/);
      const head = await runCli(['guard', `${proxy.host}/direct/stall:s2`], {
        env: e,
        extendEnv: false,
      });
      expect(head.exitCode).toBe(0); // the tag is still free
    } finally {
      await stop();
    }
  }, 180_000);
});

/** A skopeo wrapper that keeps a copy of the destination auth file it was given at `kept`. */
async function keepingAuthfile(kept: string): Promise<string> {
  const wrapper = path.join(work, `skopeo-keep-${path.basename(kept)}`);
  await writeFile(
    wrapper,
    [
      '#!/bin/bash',
      'for ((i=1; i<=$#; i++)); do',
      `  if [ "\${!i}" = --dest-authfile ]; then j=$((i+1)); cp "\${!j}" ${kept}; fi`,
      'done',
      'exec skopeo "$@"',
      '',
    ].join('\n'),
  );
  await chmod(wrapper, 0o755);
  return wrapper;
}

test('an HTTPS registry that asks for no credentials: skopeo holds a one-time secret, never the password it would send there', async () => {
  // the user has credentials for the host, but its /v2/ asks for none: plain skopeo would send
  // nothing, so skopeo must not hold (and send, on its own uploads) the real password either
  const open = await startRegistry({ tls: { certificate: cert, key: path.join(work, 'key.pem') } });
  try {
    const openHost = remoteLooking(open.port);
    const authfile = path.join(work, 'open-auth.json');
    await writeFile(authfile, authJson(openHost, USER, PASSWORD), { mode: 0o600 });
    const kept = path.join(work, 'kept-open-auth.json');
    const e = await env({
      REGISTRY_AUTH_FILE: authfile,
      DIGESTPIN_SKOPEO: await keepingAuthfile(kept),
    });
    const r = await runCli(
      [
        'push',
        await image('open'),
        `${openHost}/direct/open`,
        '--tag',
        'o1',
        '--json',
        '--verbose',
      ],
      { env: e, extendEnv: false },
    );
    expect(r.exitCode).toBe(0);
    expect(
      relayed(r.stderr).filter((l) => /relay: (PATCH|PUT) \S*\/blobs\/uploads\//.test(l)),
    ).toEqual([]);
    const given = await readFile(kept, 'utf8');
    expect(given).not.toContain(Buffer.from(`${USER}:${PASSWORD}`).toString('base64'));
    expect(given).not.toContain(PASSWORD);
    const out = JSON.parse(r.stdout) as { digest: string };
    expect(await tagDigest(e, `${openHost}/direct/open:o1`)).toBe(out.digest);
  } finally {
    await open.stop();
  }
}, 30000);

describe('push to an HTTPS registry that asks for Bearer tokens', () => {
  let tokenRegistry: Registry;
  let tokens: TokenServer;
  let tokenHost: string;
  beforeAll(async () => {
    const signerDir = await tmp.make();
    const signer = await makeCertificate(signerDir);
    tokens = await startTokenServer({
      tls: { key: path.join(work, 'key.pem'), cert },
      signer,
      username: USER,
      password: PASSWORD,
    });
    tokenRegistry = await startRegistry({
      tls: { certificate: cert, key: path.join(work, 'key.pem') },
      token: {
        realm: tokens.realm,
        service: tokens.service,
        issuer: tokens.issuer,
        rootCertBundle: signer.cert,
      },
    });
    tokenHost = remoteLooking(tokenRegistry.port);
  }, 30000);
  afterAll(async () => {
    await tokenRegistry?.stop();
    await tokens?.stop();
  });

  test('skopeo gets its token from the relay (its auth file holds a one-time secret, not the password) and uploads straight to the registry', async () => {
    const authfile = path.join(work, 'token-auth.json');
    await writeFile(authfile, authJson(tokenHost, USER, PASSWORD), { mode: 0o600 });
    const kept = path.join(work, 'kept-dest-auth.json');
    const wrapper = await keepingAuthfile(kept);
    const e = await env({ REGISTRY_AUTH_FILE: authfile, DIGESTPIN_SKOPEO: wrapper });
    const repo = `${tokenHost}/direct/bearer`;
    const r = await runCli(
      ['push', await image('bearer'), repo, '--tag', 'b1', '--json', '--verbose'],
      {
        env: e,
        extendEnv: false,
      },
    );
    expect(r.exitCode).toBe(0);
    const lines = relayed(r.stderr);
    expect(lines.some((l) => l.includes('relay: GET /_digestpin/token'))).toBe(true);
    expect(lines.filter((l) => /relay: (PATCH|PUT) \S*\/blobs\/uploads\//.test(l))).toEqual([]);
    // every request to the token service was digestpin's: skopeo never held the credentials
    expect(tokens.requests.length).toBeGreaterThan(0);
    for (const q of tokens.requests) expect(q.userAgent).toMatch(/^digestpin\//);
    const given = await readFile(kept, 'utf8');
    expect(given).not.toContain(Buffer.from(`${USER}:${PASSWORD}`).toString('base64'));
    expect(given).not.toContain(PASSWORD);
    const out = JSON.parse(r.stdout) as { digest: string };
    expect(await tagDigest({ ...e }, `${repo}:b1`)).toBe(out.digest);
  });
});

/**
 * A TCP forwarder to `port` that passes client bytes on at `bytesPerSecond` (TLS goes through it
 * untouched): a slow uplink, as from a CI runner to a far registry.
 */
async function slowLink(port: number, bytesPerSecond: number) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const up = net.connect(port, '127.0.0.1');
    sockets.add(client).add(up);
    let allowance = 0;
    let last = Date.now();
    client.on('data', (chunk: Buffer) => {
      const now = Date.now();
      allowance = Math.min(bytesPerSecond / 10, allowance + ((now - last) * bytesPerSecond) / 1000);
      last = now;
      allowance -= chunk.length;
      up.write(chunk);
      if (allowance < 0) {
        client.pause();
        setTimeout(() => client.resume(), (-allowance * 1000) / bytesPerSecond);
      }
    });
    up.pipe(client);
    const end = () => {
      client.destroy();
      up.destroy();
    };
    client.on('error', end).on('close', end);
    up.on('error', end).on('close', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    stop: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

describe('progress of uploads that go straight to the registry', () => {
  test('over a slow link: a first line, lines with the bytes skopeo has sent at least every 5 s, one per blob', async () => {
    const link = await slowLink(registry.port, 512 * 1024);
    try {
      const slowHost = remoteLooking(link.port);
      const authfile = path.join(work, 'slow-auth.json');
      await writeFile(authfile, authJson(slowHost, USER, PASSWORD), { mode: 0o600 });
      // an upload that is slow but moves is not a stall, with a limit shorter than the upload
      // (not shorter than the ~4 s the slow link's own buffers take to drain at the end, when
      // skopeo has written everything and waits: from skopeo's side that is a stall)
      const e = await env({ REGISTRY_AUTH_FILE: authfile, DIGESTPIN_STALL_MS: '6000' });
      const source = (
        await writeOciImage(await tmp.make(), {
          layers: [{ size: 5 * 1024 * 1024, random: true }],
        })
      ).ref;
      const started = Date.now();
      const lines: { at: number; text: string }[] = [];
      const child = execa(
        process.execPath,
        [cliPath, 'push', '--json', '--tag', 's1', source, `${slowHost}/direct/slow`],
        {
          env: e,
          extendEnv: false,
          reject: false,
          timeout: 90_000,
        },
      );
      let pending = '';
      child.stderr?.on('data', (d: Buffer) => {
        pending += d.toString();
        let i;
        while ((i = pending.indexOf('\n')) >= 0) {
          lines.push({ at: Date.now() - started, text: pending.slice(0, i) });
          pending = pending.slice(i + 1);
        }
      });
      const r = await child;
      expect({ exit: r.exitCode, stderr: r.stderr }).toMatchObject({ exit: 0 });
      expect(Date.now() - started).toBeGreaterThan(8_000);
      expect(r.stderr).not.toMatch(/no bytes moved/);
      const out = JSON.parse(String(r.stdout)) as { digest: string };
      expect(await tagDigest(e, `${slowHost}/direct/slow:s1`)).toBe(out.digest);
      const first = lines.findIndex((l) => /^pushing /.test(l.text));
      expect(lines[first]?.text).toMatch(/: 2 blobs, 5\.0 MiB$/);
      const sent = lines
        .filter((l) => /^sent [\d.]+ [KMG]?i?B \/ 5\.0 MiB \(\d+%\), /.test(l.text))
        .map((l) => /^sent ([\d.]+) ([KMG]?i?B)/.exec(l.text));
      expect(sent.length).toBeGreaterThanOrEqual(1);
      // the count grows (skopeo's own writes, /proc/<pid>/io): the last line shows a mebibyte or more
      const last = sent[sent.length - 1];
      expect(last?.[2] === 'MiB' && Number(last[1]) >= 1).toBe(true);
      const shown = lines.slice(first).filter((l) => /^(pushing|sent|blob) /.test(l.text));
      const gaps = shown.slice(1).map((l, k) => l.at - shown[k].at);
      expect(Math.max(...gaps)).toBeLessThanOrEqual(5_750);
      // named by the manifest the registry took, since skopeo sent them straight to it
      expect(
        lines.filter((l) => /^blob [0-9a-f]{12} uploaded \(\d\/2\)$/.test(l.text)),
      ).toHaveLength(2);
    } finally {
      await link.stop();
    }
  }, 120_000);

  test('skopeo run by a wrapper that does not exec it (or re-run by itself, rootless): progress and the stall watch follow its children', async () => {
    const link = await slowLink(registry.port, 1024 * 1024);
    const wrapper = path.join(work, 'skopeo-no-exec');
    await writeFile(wrapper, '#!/bin/bash\nskopeo "$@"\n');
    await chmod(wrapper, 0o755);
    try {
      const slowHost = remoteLooking(link.port);
      const authfile = path.join(work, 'wrapped-auth.json');
      await writeFile(authfile, authJson(slowHost, USER, PASSWORD), { mode: 0o600 });
      const e = await env({
        REGISTRY_AUTH_FILE: authfile,
        DIGESTPIN_SKOPEO: wrapper,
        DIGESTPIN_STALL_MS: '6000',
      });
      const source = (
        await writeOciImage(await tmp.make(), {
          layers: [{ size: 16 * 1024 * 1024, random: true }],
        })
      ).ref;
      const r = await runCli(
        ['push', '--json', '--tag', 'w1', source, `${slowHost}/direct/wrapped`],
        {
          env: e,
          extendEnv: false,
          timeoutMs: 90_000,
        },
      );
      // the wrapper itself reads and writes nothing while skopeo uploads (~16 s over the link):
      // watching it alone stopped the copy after 6 s, three times
      expect({ exit: r.exitCode, stderr: r.stderr }).toMatchObject({ exit: 0 });
      expect(r.stderr).not.toMatch(/no bytes moved/);
      const sent = [...r.stderr.matchAll(/^sent ([\d.]+) ([KMG]?i?B) \/ [\d.]+ MiB/gm)];
      const last = sent[sent.length - 1];
      expect(last?.[2] === 'MiB' && Number(last[1]) >= 1).toBe(true);
      const out = JSON.parse(r.stdout) as { digest: string };
      expect(await tagDigest(e, `${slowHost}/direct/wrapped:w1`)).toBe(out.digest);
    } finally {
      await link.stop();
    }
  }, 120_000);
});
