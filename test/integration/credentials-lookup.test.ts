// Credentials where `skopeo login` puts them (issue 15): a real `skopeo login` against a real
// htpasswd docker-registry, with HOME and XDG_RUNTIME_DIR pointed at temporary folders; then
// skopeo itself, and the built CLI (resolve, and push from a docker:// source: skopeo gets the
// source credentials digestpin found, the relay the destination's), read them without --authfile.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { runCli, tempDirs } from '../support/cli.js';
import { writeOciImage } from '../support/image.js';
import { startRegistry, type Registry } from '../support/registry.js';

const USER = 'ci';
const PASSWORD = 'login-s3cret-7c1e';
const tmp = tempDirs('digestpin-creds-');
let registry: Registry;
let imageRef: string;

beforeAll(async () => {
  registry = await startRegistry({ auth: { username: USER, password: PASSWORD } });
  imageRef = (await writeOciImage(await tmp.make(), { layers: [{ size: 4096, seed: 'creds' }] }))
    .ref;
}, 30000);
afterAll(async () => {
  await registry?.stop();
  await tmp.cleanup();
});

/** A fresh HOME and XDG_RUNTIME_DIR (both empty), and the environment naming them. */
async function userEnv(): Promise<{ home: string; runtime: string; env: NodeJS.ProcessEnv }> {
  const home = await tmp.make();
  const runtime = await tmp.make();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_RUNTIME_DIR: runtime,
    XDG_CONFIG_HOME: '',
    REGISTRY_AUTH_FILE: '',
    DOCKER_CONFIG: '',
    DIGESTPIN_RETRIES: '0',
  };
  return { home, runtime, env };
}

async function skopeo(args: string[], env: NodeJS.ProcessEnv, input = '') {
  return execa('skopeo', args, { env, extendEnv: false, input, reject: false, timeout: 60000 });
}

async function login(env: NodeJS.ProcessEnv, authfile?: string) {
  const r = await skopeo(
    [
      'login',
      '--tls-verify=false',
      ...(authfile ? ['--authfile', authfile] : []),
      '-u',
      USER,
      '--password-stdin',
      registry.host,
    ],
    env,
    PASSWORD,
  );
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
}

describe('credentials from skopeo login, without --authfile', () => {
  test('~/.config/containers/auth.json: skopeo reads it, and so do resolve and push (source and destination)', async () => {
    const { home, env } = await userEnv();
    const file = path.join(home, '.config', 'containers', 'auth.json');
    await mkdir(path.dirname(file), { recursive: true });
    await login(env, file);
    // skopeo's own chain reaches the file (the primary, $XDG_RUNTIME_DIR/containers/auth.json, is absent)
    const copied = await skopeo(
      [
        'copy',
        '--quiet',
        '--dest-tls-verify=false',
        imageRef,
        `docker://${registry.host}/cfg/base:v1`,
      ],
      env,
    );
    expect(copied.stderr).toBe('');
    const resolved = await runCli(['resolve', `${registry.host}/cfg/base:v1`], {
      env,
      extendEnv: false,
    });
    expect(resolved.stderr).toBe('');
    expect(resolved.exitCode).toBe(0);
    expect(resolved.stdout).toMatch(/@sha256:[0-9a-f]{64}\n$/);
    // a docker:// source on the same registry: skopeo reads it with the credentials digestpin found
    const pushed = await runCli(
      [
        'push',
        `docker://${registry.host}/cfg/base:v1`,
        `${registry.host}/cfg/copy`,
        '--tag',
        't1',
        '--json',
        '--quiet',
      ],
      { env, extendEnv: false },
    );
    expect(pushed.stderr).toBe('');
    expect(pushed.exitCode).toBe(0);
    expect(pushed.json<{ pushed: boolean }>().pushed).toBe(true);
  });

  test('$XDG_RUNTIME_DIR/containers/auth.json, where a plain `skopeo login` writes', async () => {
    const { env } = await userEnv();
    await login(env);
    const pushed = await runCli(
      ['push', imageRef, `${registry.host}/xdg/app`, '--tag', 'x1', '--quiet'],
      {
        env,
        extendEnv: false,
      },
    );
    expect(pushed.stderr).toBe('');
    expect(pushed.exitCode).toBe(0);
    const resolved = await runCli(['resolve', `${registry.host}/xdg/app:x1`], {
      env,
      extendEnv: false,
    });
    expect(resolved.exitCode).toBe(0);
  });

  test('none anywhere: exit 4, and the message names every file it looked in', async () => {
    const { home, runtime, env } = await userEnv();
    const r = await runCli(['resolve', `${registry.host}/cfg/base:v1`], { env, extendEnv: false });
    expect(r.exitCode).toBe(4);
    for (const file of [
      path.join(runtime, 'containers', 'auth.json'),
      path.join(home, '.config', 'containers', 'auth.json'),
      path.join(home, '.docker', 'config.json'),
      path.join(home, '.dockercfg'),
    ])
      expect(r.stderr).toContain(file);
    expect(r.stderr).toContain(`skopeo login ${registry.host}`);
  });
});
