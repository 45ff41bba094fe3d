import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { chmod, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkSkopeo, skopeoCopy, skopeoInspectRaw } from '../../src/push/skopeo.js';
import { cliPath, tempDirs } from '../support/cli.js';
import { writeOciImage } from '../support/image.js';
import { startRegistry, type Registry } from '../support/registry.js';

const tmp = tempDirs();
let registry: Registry;
beforeAll(async () => {
  registry = await startRegistry({ auth: { username: 'ci', password: 'hunter2-secret' } });
});
afterAll(async () => {
  await registry.stop();
  await tmp.cleanup();
});

/** A stand-in skopeo: records argv, the auth file's mode and content, then does `body`. */
async function fakeSkopeo(body: string): Promise<{ bin: string; log: string }> {
  const dir = await tmp.make();
  const bin = path.join(dir, 'skopeo');
  const log = path.join(dir, 'log');
  await writeFile(
    bin,
    `#!/bin/sh
echo "ARGS $*" >> ${log}
prev=""
for a in "$@"; do
  if [ "$prev" = "--src-authfile" ] || [ "$prev" = "--authfile" ]; then
    echo "MODE $(stat -c %a "$a")" >> ${log}; echo "AUTH $(cat "$a")" >> ${log}
  fi
  if [ "$prev" = "--digestfile" ]; then DIGESTFILE="$a"; fi
  prev="$a"
done
${body}
`,
  );
  await chmod(bin, 0o755);
  return { bin, log };
}

describe('checkSkopeo', () => {
  test('the installed skopeo is new enough', async () => {
    expect(await checkSkopeo(process.env)).toMatch(/^\d+\.\d+\.\d+$/);
  });
  test.each([
    ['missing', undefined, /not usable/],
    ['too old', 'echo "skopeo version 1.4.1"', /too old/],
    ['unreadable version', 'echo "hello"', /cannot read the skopeo version/],
  ])('%s → SKOPEO_MISSING with install hint', async (_n, body, msg) => {
    const bin = body ? (await fakeSkopeo(body)).bin : '/nonexistent/skopeo';
    const err = await checkSkopeo({ ...process.env, DIGESTPIN_SKOPEO: bin }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'SKOPEO_MISSING', exitCode: 2 });
    expect((err as Error).message).toMatch(msg);
    expect((err as { hint: string }).hint).toMatch(/apt-get install -y skopeo/);
    expect((err as { hint: string }).hint).toMatch(/brew install skopeo/);
  });
});

describe('skopeoCopy', () => {
  test('credentials go through a 0600 auth file, never argv, and the file is removed', async () => {
    const fake = await fakeSkopeo('printf "sha256:%064d" 0 > "$DIGESTFILE"');
    const env = { ...process.env, DIGESTPIN_SKOPEO: fake.bin };
    const r = await skopeoCopy({
      source: 'docker://src.example/app:1',
      dest: 'docker://127.0.0.1:1/app:t',
      format: 'v2s2',
      all: true,
      srcAuth: { host: 'src.example', username: 'u', password: 'pa55-word' },
      destTlsVerify: false,
      destNoCreds: true,
      commandTimeout: 90_000,
      env,
    });
    expect(r.digest).toBe(`sha256:${'0'.repeat(64)}`);
    const log = await readFile(fake.log, 'utf8');
    const args = log.split('\n').find((l) => l.startsWith('ARGS'))!;
    expect(args).toContain('--command-timeout 90s copy --quiet --format v2s2 --digestfile');
    expect(args).toContain('--all');
    expect(args).toContain('--dest-no-creds');
    expect(args).not.toContain('pa55-word');
    expect(log).toContain('MODE 600');
    const auth = JSON.parse(
      log
        .split('\n')
        .find((l) => l.startsWith('AUTH'))!
        .slice(5),
    );
    expect(Buffer.from(auth.auths['src.example'].auth, 'base64').toString()).toBe('u:pa55-word');
    const authPath = args.split(' ')[args.split(' ').indexOf('--src-authfile') + 1];
    await expect(readFile(authPath)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  test('a failing skopeo is classified and its temporary folder removed', async () => {
    const fake = await fakeSkopeo(
      'echo \'time="x" level=fatal msg="writing blob: unauthorized: authentication required"\' >&2; exit 1',
    );
    const err = await skopeoCopy({
      source: 'oci:x:y',
      dest: 'docker://127.0.0.1:1/app:t',
      destLabel: 'reg.example/app:t',
      format: 'oci',
      all: false,
      srcAuth: { host: 'h', identityToken: 'tok-123' },
      destTlsVerify: true,
      commandTimeout: 5_000,
      env: { ...process.env, DIGESTPIN_SKOPEO: fake.bin },
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'UNAUTHORIZED', exitCode: 4 });
    expect((err as Error).message).toContain('reg.example/app:t');
    const log = await readFile(fake.log, 'utf8');
    expect(log).toContain('"identitytoken":"tok-123"');
    const authPath = /--src-authfile (\S+)/.exec(log)![1];
    await expect(readdir(path.dirname(authPath))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  test('an option this skopeo does not know → SKOPEO_MISSING (too old)', async () => {
    const fake = await fakeSkopeo(
      'case "$1" in --version) echo "skopeo version 1.2.0";; *) echo "flag provided but not defined: -digestfile" >&2; exit 1;; esac',
    );
    const err = await skopeoCopy({
      source: 'oci:x:y',
      dest: 'docker://h/app:t',
      format: 'v2s2',
      all: false,
      destTlsVerify: true,
      commandTimeout: 5_000,
      env: { ...process.env, DIGESTPIN_SKOPEO: fake.bin },
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SKOPEO_MISSING' });
  });
});

describe('skopeoInspectRaw (real skopeo)', () => {
  test('returns the manifest bytes verbatim', async () => {
    const img = await writeOciImage(await tmp.make(), { layers: [{ size: 512, random: true }] });
    const raw = await skopeoInspectRaw(img.ref, { timeoutMs: 30_000 });
    expect(`sha256:${createHash('sha256').update(raw).digest('hex')}`).toBe(img.manifestDigest);
  });
  test('with credentials for an htpasswd registry; a missing image is SOURCE_NOT_FOUND', async () => {
    const auth = { host: registry.host, username: 'ci', password: 'hunter2-secret' };
    const err = await skopeoInspectRaw(`docker://${registry.host}/none/here:1`, {
      auth,
      tlsVerify: false,
      timeoutMs: 30_000,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SOURCE_NOT_FOUND' });
    const anon = await skopeoInspectRaw(`docker://${registry.host}/none/here:1`, {
      tlsVerify: false,
      timeoutMs: 30_000,
    }).catch((e: unknown) => e);
    expect(anon).toMatchObject({ exitCode: 4 });
  });
});

describe('interrupted push (built CLI)', () => {
  test('SIGTERM during skopeo: the private temp folder with the auth file is removed', async () => {
    const fake = await fakeSkopeo('sleep 30');
    const tmpRoot = await tmp.make();
    const home = await tmp.make();
    const authfile = path.join(home, 'auth.json');
    await writeFile(
      authfile,
      JSON.stringify({
        auths: { [registry.host]: { auth: Buffer.from('ci:hunter2-secret').toString('base64') } },
      }),
    );
    const child = execa(
      process.execPath,
      [
        cliPath,
        'push',
        `docker://${registry.host}/src/app:1`,
        `${registry.host}/dst/app`,
        '--tag',
        't1',
        '--authfile',
        authfile,
      ],
      {
        env: { PATH: process.env.PATH, HOME: home, TMPDIR: tmpRoot, DIGESTPIN_SKOPEO: fake.bin },
        extendEnv: false,
        reject: false,
      },
    );
    for (let i = 0; i < 100; i++) {
      if ((await readFile(fake.log, 'utf8').catch(() => '')).includes('MODE')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await readFile(fake.log, 'utf8')).toContain('MODE 600');
    expect((await readdir(tmpRoot)).length).toBeGreaterThan(0);
    child.kill('SIGTERM');
    const r = await child;
    expect(r.signal ?? r.exitCode).toBeTruthy();
    expect(await readdir(tmpRoot)).toEqual([]);
    expect(`${r.stdout}${r.stderr}`).not.toContain('hunter2-secret');
  });
});
