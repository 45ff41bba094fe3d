// TLS like docker and skopeo (issue 15): HTTPS first for every host, loopback included; a loopback
// host (or --insecure) accepts an unverified certificate and falls back to plain HTTP only where
// the registry does not speak TLS. A real docker-registry serving TLS with a self-signed
// certificate (and htpasswd) on 127.0.0.1, the built CLI, real skopeo. `0.0.0.0:PORT` reaches the
// same loopback port under a name that is not a loopback name (test/support/tls.ts).
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { runCli, tempDirs } from '../support/cli.js';
import { writeOciImage } from '../support/image.js';
import { authJson } from '../support/push.js';
import { startRegistry, type Registry } from '../support/registry.js';
import { makeCertificate, remoteLooking } from '../support/tls.js';

const USER = 'ci';
const PASSWORD = 'tls-s3cret-41d2';
const tmp = tempDirs('digestpin-tls-');
let tlsRegistry: Registry;
let plainRegistry: Registry;
let cert: string;
let work: string;
let imageRef: string;

beforeAll(async () => {
  work = await tmp.make();
  const files = await makeCertificate(work, '0.0.0.0');
  cert = files.cert;
  tlsRegistry = await startRegistry({
    auth: { username: USER, password: PASSWORD },
    tls: { certificate: files.cert, key: files.key },
  });
  plainRegistry = await startRegistry();
  imageRef = (await writeOciImage(await tmp.make(), { layers: [{ size: 8192, seed: 'tls' }] })).ref;
}, 30000);
afterAll(async () => {
  await tlsRegistry?.stop();
  await plainRegistry?.stop();
  await tmp.cleanup();
});

async function env(host: string): Promise<NodeJS.ProcessEnv> {
  const authfile = path.join(work, `auth-${host.replace(/[^0-9a-z]/g, '_')}.json`);
  await writeFile(authfile, authJson(host, USER, PASSWORD), { mode: 0o600 });
  return {
    PATH: process.env.PATH,
    HOME: work,
    XDG_RUNTIME_DIR: work,
    REGISTRY_AUTH_FILE: authfile,
    DIGESTPIN_RETRIES: '0',
    DIGESTPIN_TIMEOUT_MS: '5000',
  };
}

describe('a loopback registry serving TLS with a self-signed certificate, no --insecure', () => {
  test('push (skopeo through the relay, tag written over https), resolve, verify and a docker:// source', async () => {
    expect(tlsRegistry.url).toMatch(/^https:/);
    const e = await env(tlsRegistry.host);
    const repo = `${tlsRegistry.host}/tls/app`;
    const pushed = await runCli(['push', imageRef, repo, '--tag', 't1', '--json', '--quiet'], {
      env: e,
      extendEnv: false,
    });
    expect(pushed.stderr).toBe('');
    expect(pushed.exitCode).toBe(0);
    const digest = pushed.json<{ digest: string }>().digest;
    const resolved = await runCli(['resolve', `${repo}:t1`], { env: e, extendEnv: false });
    expect(resolved.stdout).toBe(`${repo}:t1@${digest}\n`);
    const manifest = path.join(await tmp.make(), 'deploy.yaml');
    await writeFile(
      manifest,
      `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: ${repo}:t1@${digest}\n`,
    );
    const verified = await runCli(['verify', manifest, '--json'], { env: e, extendEnv: false });
    expect(verified.exitCode).toBe(0);
    // skopeo reads the source with --src-tls-verify=false: https without verification
    const copied = await runCli(
      [
        'push',
        `docker://${repo}:t1`,
        `${tlsRegistry.host}/tls/copy`,
        '--tag',
        'c1',
        '--json',
        '--quiet',
      ],
      { env: e, extendEnv: false },
    );
    expect(copied.stderr).toBe('');
    expect(copied.exitCode).toBe(0);
    expect(copied.json<{ digest: string }>().digest).toBe(digest);
  });
});

describe('a loopback registry serving plain HTTP', () => {
  test('still works without --insecure: https is tried, the answer is not TLS, plain http is used', async () => {
    const e = await env(plainRegistry.host);
    const repo = `${plainRegistry.host}/plain/app`;
    const pushed = await runCli(['push', imageRef, repo, '--tag', 'p1', '--quiet'], {
      env: e,
      extendEnv: false,
    });
    expect(pushed.stderr).toBe('');
    expect(pushed.exitCode).toBe(0);
    const resolved = await runCli(['resolve', `${repo}:p1`], { env: e, extendEnv: false });
    expect(resolved.exitCode).toBe(0);
  });
});

describe('a host that is not a loopback name (0.0.0.0:PORT)', () => {
  test('self-signed TLS: refused without --insecure (exit 5, names the certificate), accepted with it', async () => {
    const host = remoteLooking(tlsRegistry.port);
    const e = await env(host);
    const repo = `${host}/tls/app`;
    const pushed = await runCli(['push', imageRef, repo, '--tag', 'r1', '--insecure', '--quiet'], {
      env: e,
      extendEnv: false,
    });
    expect(pushed.stderr).toBe('');
    expect(pushed.exitCode).toBe(0);
    const refused = await runCli(['resolve', `${repo}:r1`], { env: e, extendEnv: false });
    expect(refused.exitCode).toBe(5);
    expect(refused.stderr).toMatch(/certificate/i);
    const insecure = await runCli(['resolve', `${repo}:r1`, '--insecure'], {
      env: e,
      extendEnv: false,
    });
    expect(insecure.exitCode).toBe(0);
    // a trusted certificate needs no --insecure
    const trusted = await runCli(['resolve', `${repo}:r1`], {
      env: { ...e, NODE_EXTRA_CA_CERTS: cert },
      extendEnv: false,
    });
    expect(trusted.exitCode).toBe(0);
  });

  test('plain HTTP: refused without --insecure (exit 5, hint names --insecure), reached with it', async () => {
    const host = remoteLooking(plainRegistry.port);
    const e = await env(host);
    const refused = await runCli(['resolve', `${host}/plain/app:p1`], { env: e, extendEnv: false });
    expect(refused.exitCode).toBe(5);
    expect(refused.stderr).toContain('--insecure');
    const insecure = await runCli(['resolve', `${host}/plain/app:p1`, '--insecure'], {
      env: e,
      extendEnv: false,
    });
    expect(insecure.exitCode).toBe(0);
  });
});

// A docker:// source on a registry whose CA only NODE_EXTRA_CA_CERTS holds (a private CA, as
// docs/registries.md tells users to give it): skopeo reads the source itself, so it must be given
// the same CA (--src-cert-dir for the copy, --cert-dir for inspect), as it is for the destination.
describe('a docker:// source behind a private CA given in NODE_EXTRA_CA_CERTS', () => {
  let host: string;
  let e: NodeJS.ProcessEnv;
  let digest: string;
  beforeAll(async () => {
    host = remoteLooking(tlsRegistry.port);
    e = { ...(await env(host)), NODE_EXTRA_CA_CERTS: cert };
    const pushed = await runCli(
      ['push', imageRef, `${host}/ca/src`, '--tag', 'v1', '--json', '--quiet'],
      { env: e, extendEnv: false },
    );
    expect({ exit: pushed.exitCode, stderr: pushed.stderr }).toEqual({ exit: 0, stderr: '' });
    digest = pushed.json<{ digest: string }>().digest;
  });

  test('push from it (copy), again (the tag exists: inspect compares configs) and --dry-run', async () => {
    const source = `docker://${host}/ca/src:v1`;
    const args = (extra: string[]) => [
      'push',
      source,
      `${host}/ca/copy`,
      '--tag',
      'c1',
      '--json',
      '--quiet',
      ...extra,
    ];
    const copied = await runCli(args([]), { env: e, extendEnv: false });
    expect({ exit: copied.exitCode, stderr: copied.stderr }).toEqual({ exit: 0, stderr: '' });
    expect(copied.json<{ digest: string }>().digest).toBe(digest);
    const again = await runCli(args([]), { env: e, extendEnv: false });
    expect({ exit: again.exitCode, stderr: again.stderr }).toMatchObject({ exit: 0 });
    expect(again.stderr).toContain('already holds this image');
    expect(again.json()).toMatchObject({ pushed: false, digest });
    const dry = await runCli(
      ['push', source, `${host}/ca/dry`, '--tag', 'd1', '--dry-run', '--json'],
      {
        env: e,
        extendEnv: false,
      },
    );
    expect({ exit: dry.exitCode, error: dry.json<{ error?: unknown }>().error }).toEqual({
      exit: 0,
    });
  });

  // NODE_EXTRA_CA_CERTS holds another CA (a corporate one) and the registry's CA is where
  // skopeo looks by itself, $HOME/.config/containers/certs.d/<host>/ (for root too): handing skopeo
  // --src-cert-dir must not lose it
  test("the registry's CA only in $HOME/.config/containers/certs.d, another CA in NODE_EXTRA_CA_CERTS", async () => {
    const home = await tmp.make();
    const hostDir = path.join(home, '.config', 'containers', 'certs.d', host);
    await mkdir(hostDir, { recursive: true });
    await copyFile(cert, path.join(hostDir, 'ca.crt'));
    const other = await makeCertificate(await tmp.make(), 'corp.example');
    const authfile = path.join(home, 'auth.json');
    await writeFile(authfile, authJson([host, tlsRegistry.host], USER, PASSWORD), { mode: 0o600 });
    const r = await runCli(
      [
        'push',
        `docker://${host}/ca/src:v1`,
        `${tlsRegistry.host}/ca/from-home`,
        '--tag',
        'h1',
        '--json',
        '--quiet',
      ],
      {
        env: { ...e, HOME: home, REGISTRY_AUTH_FILE: authfile, NODE_EXTRA_CA_CERTS: other.cert },
        extendEnv: false,
      },
    );
    expect({ exit: r.exitCode, stderr: r.stderr }).toEqual({ exit: 0, stderr: '' });
    expect(r.json<{ digest: string }>().digest).toBe(digest);
  });

  test('without the CA: exit 5, the hint says how to trust it', async () => {
    // the destination is the same registry under its loopback name (verified by nobody)
    const authfile = path.join(work, 'auth-both.json');
    await writeFile(authfile, authJson([host, tlsRegistry.host], USER, PASSWORD), { mode: 0o600 });
    const without: NodeJS.ProcessEnv = { ...e, REGISTRY_AUTH_FILE: authfile };
    delete without.NODE_EXTRA_CA_CERTS;
    const r = await runCli(
      [
        'push',
        `docker://${host}/ca/src:v1`,
        `${tlsRegistry.host}/ca/untrusted`,
        '--tag',
        'u1',
        '--json',
      ],
      { env: without, extendEnv: false },
    );
    expect(r.exitCode).toBe(5);
    const err = r.json<{ error: { message: string; hint: string } }>().error;
    expect(err.message).toContain(`source docker://${host}/ca/src:v1`);
    expect(err.hint).toContain('NODE_EXTRA_CA_CERTS');
    expect(err.hint).toContain(`/etc/containers/certs.d/${host}/ca.crt`);
  });
});
