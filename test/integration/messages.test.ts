/**
 * Issue 15, B3: messages that sent people the wrong way now name the mistake and the fix (built
 * CLI, real registry and skopeo): swapped arguments, a scheme in the repository, a bare archive
 * file, an archive of the other format, a corrupt docker-archive manifest.json (exit 6 with the
 * parse position, not exit 1 "a bug"), a push timeout (the registry's host, not the relay's, and
 * DIGESTPIN_PUSH_TIMEOUT_MS named), and guard refusing `latest` as push does.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { githubEnv, inputEnv, runnerFiles } from '../support/action-env.js';
import { repoRoot, runCli, tempDirs } from '../support/cli.js';
import { faults, startFaultProxy, type FaultProxy } from '../support/faults.js';
import { writeOciImage, type OciImage } from '../support/image.js';
import { startRegistry, type Registry } from '../support/registry.js';

const tmp = tempDirs('digestpin-msg-');
let registry: Registry;
let stalled: FaultProxy;
let image: OciImage;
let dir: string;
let dockerTar: string;
let ociTar: string;

beforeAll(async () => {
  registry = await startRegistry();
  stalled = await startFaultProxy(registry.url, [
    { method: 'POST', path: /\/blobs\/uploads\//, fault: faults.stall() },
  ]);
  image = await writeOciImage(await tmp.make(), { layers: [{ size: 4096 }] });
  dir = await tmp.make();
  dockerTar = path.join(dir, 'app.tar');
  ociTar = path.join(dir, 'app-oci.tar');
  await execa('skopeo', ['copy', '--quiet', image.ref, `docker-archive:${dockerTar}`]);
  await execa('skopeo', ['copy', '--quiet', image.ref, `oci-archive:${ociTar}`]);
});
afterAll(async () => {
  await stalled.stop();
  await registry.stop();
  await tmp.cleanup();
});

interface ErrorDoc {
  error: { code: string; message: string; hint: string };
}
const env = { HOME: '/nonexistent-home', CI: 'true' };

async function error(args: string[], extraEnv: Record<string, string> = {}) {
  const r = await runCli([...args, '--json'], { cwd: dir, env: { ...env, ...extraEnv } });
  return { exitCode: r.exitCode, ...r.json<ErrorDoc>().error, stderr: r.stderr };
}

describe('push: the mistake and the fix are named', () => {
  test('arguments swapped (push <repository> <source>)', async () => {
    const repo = `${registry.host}/msg/app`;
    const e = await error(['push', repo, `docker-archive:${dockerTar}`, '--tag', 't1']);
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain('are the arguments swapped?');
    expect(e.message).not.toContain('docker.io/library');
    expect(e.hint).toBe(`digestpin push docker-archive:${dockerTar} ${repo}`);
  });

  test.each(['https://', 'http://'])('a scheme in the repository (%s)', async (scheme) => {
    const e = await error(['push', image.ref, `${scheme}${registry.host}/msg/app`, '--tag', 't1']);
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain(`a repository has no scheme; drop "${scheme}"`);
    expect(e.message).not.toContain('invalid registry domain');
    expect(e.hint).toContain(`digestpin push <source> ${registry.host}/msg/app`);
  });

  test.each([
    ['app.tar', 'docker-archive:app.tar'],
    ['app-oci.tar', 'oci-archive:app-oci.tar'],
  ])('a bare archive file %s: its transport is suggested', async (file, suggested) => {
    const e = await error(['push', file, `${registry.host}/msg/app`, '--tag', 't1']);
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain('looks like an image archive');
    expect(e.hint).toContain(`digestpin push ${suggested} <repository>`);
  });

  test('an OCI archive given as docker-archive: (and the reverse)', async () => {
    const a = await error([
      'push',
      `docker-archive:${ociTar}`,
      `${registry.host}/msg/app`,
      '--tag',
      't1',
    ]);
    expect(a.exitCode).toBe(2);
    expect(a.message).not.toContain('manifest.json');
    expect(a.hint).toBe(`Use oci-archive:${ociTar}`);
    const b = await error([
      'push',
      `oci-archive:${dockerTar}`,
      `${registry.host}/msg/app`,
      '--tag',
      't1',
    ]);
    expect(b.exitCode).toBe(2);
    expect(b.hint).toBe(`Use docker-archive:${dockerTar}`);
  });

  test('a docker-archive whose manifest.json is corrupt: exit 6 with the parse position', async () => {
    const work = await tmp.make();
    await writeFile(path.join(work, 'manifest.json'), '[{"Config": "x.json", "RepoTags": [}]');
    await writeFile(path.join(work, 'x.json'), '{}');
    await execa('tar', ['-cf', 'bad.tar', 'manifest.json', 'x.json'], { cwd: work });
    for (const extra of [[], ['--dry-run']]) {
      const e = await error([
        'push',
        `docker-archive:${path.join(work, 'bad.tar')}`,
        `${registry.host}/msg/app`,
        '--tag',
        't1',
        ...extra,
      ]);
      expect(e.exitCode).toBe(6);
      expect(e.code).toBe('SOURCE_NOT_FOUND');
      expect(e.message).toContain(
        'manifest.json in the archive is not valid JSON at line 1, column 36 (position 35)',
      );
      expect(e.hint).not.toContain('bug');
    }
  });

  test('a push timeout names the registry (not the relay) and DIGESTPIN_PUSH_TIMEOUT_MS', async () => {
    const e = await error(['push', image.ref, `${stalled.host}/msg/slow`, '--tag', 't1'], {
      DIGESTPIN_PUSH_TIMEOUT_MS: '1000',
    });
    expect(e.exitCode).toBe(5);
    expect(e.hint).toContain('DIGESTPIN_PUSH_TIMEOUT_MS');
    const hosts = new Set(`${e.message} ${e.hint} ${e.stderr}`.match(/127\.0\.0\.1:\d+/g) ?? []);
    expect([...hosts]).toEqual([stalled.host]);
  });
});

describe('siblings: the action after a push timeout', () => {
  test('the step fails at once with the hint, instead of waiting on the stalled request', async () => {
    const files = await runnerFiles();
    try {
      const t0 = Date.now();
      const r = await execa(process.execPath, [path.join(repoRoot, 'dist', 'index.js')], {
        cwd: dir,
        env: {
          PATH: process.env.PATH,
          HOME: dir,
          DIGESTPIN_PUSH_TIMEOUT_MS: '1000',
          ...(await githubEnv(files, {
            name: 'push',
            payload: {},
            repository: 'acme/shop',
            apiUrl: 'http://127.0.0.1:9',
          })),
          ...inputEnv({
            source: image.ref,
            repository: `${stalled.host}/msg/action-slow`,
            tag: 't1',
          }),
        },
        extendEnv: false,
        reject: false,
        timeout: 30_000,
      });
      expect(r.timedOut).toBe(false);
      expect(r.exitCode).toBe(1);
      expect(String(r.stdout)).toMatch(/::error::TIMEOUT: .*DIGESTPIN_PUSH_TIMEOUT_MS/);
      expect(Date.now() - t0).toBeLessThan(20_000);
    } finally {
      await files.cleanup();
    }
  });
});

describe('siblings: a scheme in any reference is named', () => {
  test.each([
    ['guard', (h: string) => ['guard', `https://${h}/msg/app:t1`]],
    ['resolve', (h: string) => ['resolve', `https://${h}/msg/app:t1`]],
    ['pin', (h: string) => ['pin', `https://${h}/msg/app:t1@sha256:${'a'.repeat(64)}`, '.']],
  ])('%s', async (_name, args) => {
    const e = await error(args(registry.host));
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain('an image reference has no scheme; drop "https://"');
    expect(e.message).not.toContain('invalid registry domain');
  });
});

describe('guard', () => {
  test.each(['latest', 'LATEST'])('repo:%s is refused as push refuses it (exit 2)', async (tag) => {
    const e = await error(['guard', `${registry.host}/msg/app:${tag}`]);
    expect(e.exitCode).toBe(2);
    expect(e.code).toBe('INVALID_TAG');
    expect(e.message).toContain('"latest" is refused');
  });
});
