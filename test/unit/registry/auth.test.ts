import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { memoryLogger } from '../../support/logger.js';
import { authFilePaths, findCredentials } from '../../../src/registry/auth.js';

let root: string;
let bin: string;
let n = 0;
const b64 = (s: string) => Buffer.from(s).toString('base64');

const HELPER = `#!/bin/sh
server=$(cat)
echo "$server" >> "$HELPER_LOG"
case "$server" in
  *tokenhost*) printf '{"ServerURL":"%s","Username":"<token>","Secret":"idt"}' "$server" ;;
  *missing*) echo "credentials not found in native keychain"; exit 1 ;;
  *broken*) echo "boom" >&2; exit 3 ;;
  *) printf '{"ServerURL":"%s","Username":"helperuser","Secret":"helperpw"}' "$server" ;;
esac
`;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'digestpin-auth-'));
  bin = path.join(root, 'bin');
  await mkdir(bin);
  await writeFile(path.join(bin, 'docker-credential-test'), HELPER);
  await chmod(path.join(bin, 'docker-credential-test'), 0o755);
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A fresh HOME (and XDG dir) holding the given files; returns the env to pass. */
async function home(files: Record<string, unknown>, extra: Record<string, string> = {}) {
  const dir = path.join(root, `h${n++}`);
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  }
  const env: NodeJS.ProcessEnv = {
    HOME: dir,
    PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HELPER_LOG: path.join(dir, 'helper.log'),
    ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, v.replace('$HOME', dir)])),
  };
  return { dir, env };
}

const docker = (auths: Record<string, unknown>, more: Record<string, unknown> = {}) => ({
  '.docker/config.json': { auths, ...more },
});

describe('auths keys match like docker', () => {
  test.each([
    ['plain host', 'reg.example.com', 'reg.example.com', true],
    ['https URL with /v1/', 'https://reg.example.com/v1/', 'reg.example.com', true],
    ['http URL', 'http://reg.example.com', 'reg.example.com', true],
    ['host:port', 'reg.example.com:5000', 'reg.example.com:5000', true],
    ['other port', 'reg.example.com:5000', 'reg.example.com', false],
    ['other host', 'other.example.com', 'reg.example.com', false],
    ['Docker Hub legacy key', 'https://index.docker.io/v1/', 'docker.io', true],
    ['Docker Hub as index.docker.io', 'index.docker.io', 'docker.io', true],
    ['docker.io key, asked as registry-1', 'docker.io', 'registry-1.docker.io', true],
    ['case-insensitive host', 'REG.example.com', 'reg.example.com', true],
  ])('%s: key %s, host %s → %s', async (_n, key, host, found) => {
    const { env } = await home(docker({ [key]: { auth: b64('u:p') } }));
    const creds = await findCredentials(host, { env });
    expect(creds ? [creds.username, creds.password] : undefined).toEqual(
      found ? ['u', 'p'] : undefined,
    );
  });

  test('a namespace-scoped key wins for repositories under it only', async () => {
    const { env } = await home(
      docker({ 'reg.io': { auth: b64('all:1') }, 'reg.io/team': { auth: b64('team:2') } }),
    );
    expect((await findCredentials('reg.io', { env, repository: 'team/app' }))?.username).toBe(
      'team',
    );
    expect((await findCredentials('reg.io', { env, repository: 'teamx/app' }))?.username).toBe(
      'all',
    );
    expect((await findCredentials('reg.io', { env }))?.username).toBe('all');
  });
});

describe('entries', () => {
  test.each([
    [
      'auth with a colon in the password',
      { auth: b64('u:p:q') },
      { username: 'u', password: 'p:q' },
    ],
    [
      'username/password fields',
      { username: 'u', password: 'p' },
      { username: 'u', password: 'p' },
    ],
    ['identitytoken', { auth: b64('<token>:'), identitytoken: 'idt' }, { identityToken: 'idt' }],
    ['registrytoken', { registrytoken: 'rt' }, { registryToken: 'rt' }],
    ['empty placeholder', {}, undefined],
  ])('%s', async (_n, entry, expected) => {
    const { env, dir } = await home(docker({ 'reg.io': entry }));
    const creds = await findCredentials('reg.io', { env });
    if (!expected) return expect(creds).toBeUndefined();
    expect(creds).toMatchObject({ ...expected, source: path.join(dir, '.docker/config.json') });
  });

  test('an auth value that is not user:password is an input error', async () => {
    const { env } = await home(docker({ 'reg.io': { auth: b64('nocolon') } }));
    await expect(findCredentials('reg.io', { env })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  test('malformed JSON names the file', async () => {
    const { env, dir } = await home({ '.docker/config.json': '{not json' });
    await expect(findCredentials('reg.io', { env })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining(path.join(dir, '.docker/config.json')),
    });
  });
});

describe('file order', () => {
  const files = {
    'explicit.json': { auths: { 'reg.io': { auth: b64('explicit:1') } } },
    'env.json': { auths: { 'reg.io': { auth: b64('envfile:1') } } },
    'run/containers/auth.json': { auths: { 'reg.io': { auth: b64('xdg:1') } } },
    'dc/config.json': { auths: { 'reg.io': { auth: b64('dockerconfig:1') } } },
    '.docker/config.json': { auths: { 'reg.io': { auth: b64('home:1') } } },
  };
  test.each([
    ['--authfile replaces the chain', { authfile: 'explicit.json' }, {}, 'explicit'],
    [
      'REGISTRY_AUTH_FILE first',
      {},
      { REGISTRY_AUTH_FILE: '$HOME/env.json', XDG_RUNTIME_DIR: '$HOME/run' },
      'envfile',
    ],
    ['then XDG_RUNTIME_DIR', {}, { XDG_RUNTIME_DIR: '$HOME/run' }, 'xdg'],
    ['then DOCKER_CONFIG', {}, { DOCKER_CONFIG: '$HOME/dc' }, 'dockerconfig'],
    ['then ~/.docker/config.json', {}, {}, 'home'],
  ])('%s', async (_n, o: { authfile?: string }, extra, user) => {
    const { env, dir } = await home(files, extra);
    const authfile = o.authfile && path.join(dir, o.authfile);
    expect((await findCredentials('reg.io', { env, authfile }))?.username).toBe(user);
  });

  test('a file without the host falls through to the next', async () => {
    const { env } = await home(
      { ...files, 'run/containers/auth.json': { auths: { 'other.io': { auth: b64('x:1') } } } },
      { XDG_RUNTIME_DIR: '$HOME/run' },
    );
    expect((await findCredentials('reg.io', { env }))?.username).toBe('home');
  });

  test('a missing --authfile is an error; missing default files are not', async () => {
    const { env, dir } = await home({});
    expect(await findCredentials('reg.io', { env })).toBeUndefined();
    await expect(
      findCredentials('reg.io', { env, authfile: path.join(dir, 'nope.json') }),
    ).rejects.toMatchObject({ code: 'FILE_NOT_FOUND', exitCode: 2 });
  });
});

describe('the lookup chain of containers-auth.json(5), then docker (issue 15)', () => {
  test.each([
    [
      'defaults (root, no XDG_RUNTIME_DIR)',
      {},
      0,
      [
        '/run/containers/0/auth.json',
        '/h/.config/containers/auth.json',
        '/h/.docker/config.json',
        '/h/.dockercfg',
      ],
    ],
    [
      'XDG_RUNTIME_DIR replaces /run/containers/$UID; XDG_CONFIG_HOME and DOCKER_CONFIG honoured',
      { XDG_RUNTIME_DIR: '/x', XDG_CONFIG_HOME: '/c', DOCKER_CONFIG: '/d' },
      1000,
      ['/x/containers/auth.json', '/c/containers/auth.json', '/d/config.json', '/h/.dockercfg'],
    ],
    [
      'REGISTRY_AUTH_FILE replaces the chain (as skopeo)',
      { REGISTRY_AUTH_FILE: '/r.json' },
      0,
      ['/r.json'],
    ],
  ])('%s', (_n, extra: Record<string, string>, uid, expected) => {
    expect(authFilePaths({ env: { HOME: '/h', ...extra } }, uid)).toEqual(expected);
  });

  test('--authfile replaces it all', () => {
    expect(
      authFilePaths({ authfile: '/a.json', env: { HOME: '/h', REGISTRY_AUTH_FILE: '/r' } }),
    ).toEqual(['/a.json']);
  });

  test('~/.config/containers/auth.json (where skopeo login --authfile it, or podman on macOS, writes) is read', async () => {
    const { env, dir } = await home(
      { '.config/containers/auth.json': { auths: { 'reg.io': { auth: b64('cfg:1') } } } },
      { XDG_RUNTIME_DIR: '$HOME/run' },
    );
    const creds = await findCredentials('reg.io', { env });
    expect(creds).toMatchObject({
      username: 'cfg',
      source: path.join(dir, '.config/containers/auth.json'),
    });
  });

  test('~/.dockercfg (legacy format: the auths map at the top, URL keys) is read last', async () => {
    const { env } = await home(
      {
        '.dockercfg': { 'https://reg.io/v1/': { auth: b64('legacy:1'), email: 'x@y' } },
        '.docker/config.json': { auths: { 'other.io': { auth: b64('o:1') } } },
      },
      { XDG_RUNTIME_DIR: '$HOME/run' },
    );
    expect((await findCredentials('reg.io', { env }))?.username).toBe('legacy');
  });

  test('a REGISTRY_AUTH_FILE without the host ends the search (skopeo reads no other file then)', async () => {
    const { env } = await home(
      {
        'env.json': { auths: { 'other.io': { auth: b64('o:1') } } },
        '.docker/config.json': { auths: { 'reg.io': { auth: b64('home:1') } } },
      },
      { REGISTRY_AUTH_FILE: '$HOME/env.json' },
    );
    expect(await findCredentials('reg.io', { env })).toBeUndefined();
  });
});

describe('a malformed auth file (issue 16)', () => {
  test.each([
    [
      'a bad token after the password',
      '{"auths": {"reg.io": {"auth": "c2VjcmV0OnBhc3N3b3Jk"}}, oops-hunter2}',
      1,
      57,
    ],
    [
      'a password written without quotes (V8 quotes it back)',
      '{"auths": {"reg.io": {"auth": c2VjcmV0OnBhc3N3b3Jk}}}',
      1,
      31,
    ],
    [
      'an unterminated password on line 3',
      '{\n  "auths": {"reg.io": {\n    "password": "hunter2-very-secret\n',
      3,
      37,
    ],
    ['a trailing comma', '{"auths": {"reg.io": {"password": "hunter2"},}}', 1, 46],
  ])(
    '%s: the message names the file, line and column, never its content',
    async (_n, text, line, column) => {
      const { env, dir } = await home(
        { '.docker/config.json': text },
        { XDG_RUNTIME_DIR: '$HOME/run' },
      );
      const err = await findCredentials('reg.io', { env }).then(
        () => undefined,
        (e: unknown) => e as { code: string; message: string; hint: string },
      );
      expect(err?.code).toBe('INVALID_INPUT');
      const file = path.join(dir, '.docker/config.json');
      expect(err?.message).toContain(`${file}:${line}:${column}`);
      const said = `${err?.message ?? ''} ${err?.hint ?? ''}`.replace(file, '');
      for (const secret of ['hunter2', 'c2VjcmV0', 'oops', 'very-secret'])
        expect(said).not.toContain(secret);
    },
  );
});

describe('credential helpers', () => {
  test('credHelpers runs docker-credential-<name> get with the host on stdin', async () => {
    const { env } = await home(docker({}, { credHelpers: { 'reg.io:5000': 'test' } }));
    const creds = await findCredentials('reg.io:5000', { env });
    expect(creds).toEqual({
      username: 'helperuser',
      password: 'helperpw',
      source: 'docker-credential-test',
    });
    expect(await readFile(env.HELPER_LOG!, 'utf8')).toBe('reg.io:5000\n');
  });

  test('credsStore gets Docker Hub as https://index.docker.io/v1/; <token> is an identity token', async () => {
    const { env } = await home(
      docker({ 'https://index.docker.io/v1/': {} }, { credsStore: 'test' }),
    );
    expect((await findCredentials('docker.io', { env }))?.username).toBe('helperuser');
    expect(await readFile(env.HELPER_LOG!, 'utf8')).toBe('https://index.docker.io/v1/\n');
    const t = await home(docker({}, { credsStore: 'test' }));
    expect(await findCredentials('tokenhost.io', { env: t.env })).toEqual({
      identityToken: 'idt',
      source: 'docker-credential-test',
    });
  });

  test('a helper without credentials falls back to auths', async () => {
    const { env } = await home(
      docker(
        { 'missing.io': { auth: b64('fromfile:1') } },
        { credHelpers: { 'missing.io': 'test' } },
      ),
    );
    expect((await findCredentials('missing.io', { env }))?.username).toBe('fromfile');
  });

  test.each([
    ['a failing helper', 'broken.io', 'test', /exited with 3/],
    ['a helper that is not installed', 'reg.io', 'nosuchhelper', /docker-credential-nosuchhelper/],
  ])('%s warns and gives no credentials', async (_n, host, helper, warning) => {
    const { env } = await home(docker({}, { credHelpers: { [host]: helper } }));
    const logger = memoryLogger();
    expect(await findCredentials(host, { env, logger })).toBeUndefined();
    expect(logger.lines.join('\n')).toMatch(warning);
    expect(logger.lines.join('\n')).not.toContain('helperpw');
  });
});
