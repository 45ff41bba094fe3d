// Blob uploads straight from skopeo to an HTTPS registry (issue 14, docs/decisions/relay.md): the
// relay serves TLS with a per-run certificate, hands skopeo what it needs to authenticate, and
// keeps the manifests and the tag; skopeo verifies the registry's certificate itself. A real
// docker-registry with TLS and htpasswd on 127.0.0.1, named `0.0.0.0:PORT` (not a loopback name,
// so its certificate must verify: NODE_EXTRA_CA_CERTS), the built CLI and real skopeo.
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { runCli, tempDirs } from '../support/cli.js';
import { writeOciImage } from '../support/image.js';
import { authJson } from '../support/push.js';
import { startRegistry, type Registry } from '../support/registry.js';
import { makeCertificate, remoteLooking } from '../support/tls.js';

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

  test('when skopeo cannot verify a certificate on the direct path, the push says so and sends the blobs through digestpin', async () => {
    // a skopeo that is given no --dest-cert-dir: it trusts neither the relay nor the registry
    const wrapper = path.join(work, 'skopeo-without-cert-dir');
    await writeFile(
      wrapper,
      [
        '#!/bin/bash',
        'args=()',
        'while [ $# -gt 0 ]; do',
        '  if [ "$1" = --dest-cert-dir ]; then shift 2; continue; fi',
        '  args+=("$1"); shift',
        'done',
        'exec skopeo "${args[@]}"',
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
    const out = JSON.parse(r.stdout) as { digest: string };
    expect(await tagDigest(e, `${host}/direct/fallback:f1`)).toBe(out.digest);
  });
});
