/**
 * Transient faults at the registry's token service during a push (issue 14's siblings: GHCR,
 * Docker Hub, Harbor and ECR-fronted registries hand out Bearer tokens from a separate endpoint,
 * and that endpoint has its own 503s and resets). A real docker-registry with TLS and `auth:
 * token`, whose realm is the fault proxy (HTTPS, named 0.0.0.0:PORT) in front of a token service;
 * the built CLI and real skopeo, which gets its token from the relay (docs/decisions/relay.md).
 * Every token request fails once: the push goes on and the tag holds the pushed digest, blobs
 * straight to the registry or through the relay. It fails every time: exit 5 within the bound,
 * the token request named, the tag absent.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { runCli, tempDirs } from '../../support/cli.js';
import { faults, startFaultProxy, type Fault, type FaultProxy } from '../../support/faults.js';
import { writeOciImage } from '../../support/image.js';
import { authJson } from '../../support/push.js';
import { startRegistry, type Registry } from '../../support/registry.js';
import { makeCertificate, remoteLooking } from '../../support/tls.js';
import { startTokenServer, type TokenServer } from '../../support/token-server.js';

const USER = 'ci';
const PASSWORD = 'token-fault-s3cret';
const tmp = tempDirs('digestpin-token-faults-');
let work: string;
let cert: string;
let tokens: TokenServer;
let proxy: FaultProxy;
let registry: Registry;
let host: string;

beforeAll(async () => {
  work = await tmp.make();
  const files = await makeCertificate(work, '0.0.0.0');
  cert = files.cert;
  const signer = await makeCertificate(await tmp.make());
  tokens = await startTokenServer({
    tls: { key: files.key, cert },
    signer,
    username: USER,
    password: PASSWORD,
  });
  proxy = await startFaultProxy(new URL(tokens.realm).origin, [], {
    tls: { key: await readFile(files.key, 'utf8'), cert: await readFile(cert, 'utf8') },
  });
  registry = await startRegistry({
    tls: { certificate: cert, key: files.key },
    token: {
      realm: `${proxy.url}/token`,
      service: tokens.service,
      issuer: tokens.issuer,
      rootCertBundle: signer.cert,
    },
  });
  host = remoteLooking(registry.port);
}, 30000);
afterAll(async () => {
  await registry?.stop();
  await proxy?.stop();
  await tokens?.stop();
  await tmp.cleanup();
});

async function env(relayBlobs: boolean): Promise<NodeJS.ProcessEnv> {
  const authfile = path.join(work, 'auth.json');
  await writeFile(authfile, authJson(host, USER, PASSWORD), { mode: 0o600 });
  return {
    PATH: process.env.PATH,
    HOME: work,
    XDG_RUNTIME_DIR: work,
    REGISTRY_AUTH_FILE: authfile,
    NODE_EXTRA_CA_CERTS: cert,
    DIGESTPIN_RELAY_BLOBS: relayBlobs ? '1' : '0',
  };
}

interface PushJson {
  digest?: string;
  error?: { code: string; message: string; hint: string };
}

/** One push with `fault` on the token requests (`count` of them, or all); what it left. */
async function pushWith(
  name: string,
  fault: Fault,
  count: number | undefined,
  relay: boolean,
  skip = 0,
) {
  proxy.setRules([{ name, method: 'GET', path: /^\/token/, count, skip, fault }]);
  try {
    const e = await env(relay);
    const image = await writeOciImage(await tmp.make(), {
      layers: [{ size: 256 * 1024, random: true }],
    });
    const repo = `${host}/tokens/${name}`;
    const started = Date.now();
    const r = await runCli(['push', image.ref, repo, '--tag', 't1', '--json'], {
      env: e,
      extendEnv: false,
      timeoutMs: 90_000,
    });
    const ms = Date.now() - started;
    proxy.setRules([]);
    const resolved = await runCli(['resolve', `${repo}:t1`], {
      env: e,
      extendEnv: false,
    });
    return { r, ms, json: r.json<PushJson>(), hits: proxy.hits(name), resolved, image: image.ref };
  } finally {
    proxy.setRules([]);
  }
}

const once: { kind: string; fault: Fault }[] = [
  { kind: '503', fault: faults.status(503) },
  { kind: 'a reset', fault: faults.reset() },
  { kind: '429', fault: faults.tooManyRequests(1) },
  { kind: '502', fault: faults.status(502) },
];

describe('push through a token service that fails', () => {
  for (const relay of [false, true]) {
    const way = relay ? 'blobs through the relay' : 'blobs straight to the registry';
    test.each(once)(
      `${way}: the first token request gets $kind: exit 0, the digest under the tag`,
      async (c) => {
        const name = `once-${relay ? 'relay' : 'direct'}-${c.kind.replace(/\W/g, '')}`;
        const { r, json, hits, resolved } = await pushWith(name, c.fault, 1, relay);
        expect({ exit: r.exitCode, stderr: r.stderr }).toMatchObject({ exit: 0 });
        expect(hits).toBe(1);
        expect(resolved.exitCode).toBe(0);
        expect(resolved.stdout.trim().split('@')[1]).toBe(json.digest);
      },
    );

    // a push asks for two tokens: pull (the tag check, the confirming HEAD) and pull+push (the
    // relay, which also hands skopeo its token); whichever comes second fails
    test(`${way}: the second token request gets 503 once: exit 0, the digest under the tag`, async () => {
      const name = `second-${relay ? 'relay' : 'direct'}`;
      const { r, json, hits, resolved } = await pushWith(name, faults.status(503), 1, relay, 1);
      expect({ exit: r.exitCode, stderr: r.stderr }).toMatchObject({ exit: 0 });
      expect(hits).toBe(1);
      expect(resolved.stdout.trim().split('@')[1]).toBe(json.digest);
    });

    test(`${way}: every token request after the first gets 503: exit 5 naming the token request; the same push again completes`, async () => {
      const name = `second-always-${relay ? 'relay' : 'direct'}`;
      const { r, ms, json, hits, image } = await pushWith(
        name,
        faults.status(503),
        undefined,
        relay,
        1,
      );
      expect({ exit: r.exitCode, json, stderr: r.stderr }).toMatchObject({ exit: 5 });
      expect(hits).toBeGreaterThan(0);
      expect(json.error?.message).toMatch(
        /reading a token for repository:tokens\/\S+ from https:\/\/0\.0\.0\.0:\d+\/token/,
      );
      expect(json.error?.hint).toMatch(/./);
      expect(ms).toBeLessThanOrEqual(45_000);
      // the tag is absent or holds the whole image: pushing it again succeeds either way
      const again = await runCli(
        ['push', image, `${host}/tokens/${name}`, '--tag', 't1', '--json'],
        {
          env: await env(relay),
          extendEnv: false,
        },
      );
      expect({ exit: again.exitCode, stderr: again.stderr }).toMatchObject({ exit: 0 });
      const resolved = await runCli(['resolve', `${host}/tokens/${name}:t1`], {
        env: await env(relay),
        extendEnv: false,
      });
      expect(resolved.stdout.trim().split('@')[1]).toBe(again.json<PushJson>().digest);
    });

    test(`${way}: every token request gets 503: exit 5 naming the token request within 45 s, the tag absent`, async () => {
      const name = `always-${relay ? 'relay' : 'direct'}`;
      const { r, ms, json, resolved } = await pushWith(name, faults.status(503), undefined, relay);
      expect({ exit: r.exitCode, json, stderr: r.stderr }).toMatchObject({ exit: 5 });
      expect(json.error?.message).toMatch(
        /reading a token for repository:tokens\/\S+ from https:\/\/0\.0\.0\.0:\d+\/token/,
      );
      expect(json.error?.hint).toMatch(/./);
      expect(ms).toBeLessThanOrEqual(45_000);
      expect(resolved.exitCode).toBe(6);
    });
  }
});
