/**
 * skopeo gets only the environment it needs (issue 16): a skopeo wrapper (DIGESTPIN_SKOPEO)
 * writes the environment it was started with, then runs the real skopeo; a push through the
 * built CLI (`npm run build` first) with tokens and keys in its environment must not hand them on.
 */
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { runCli, tempDirs } from '../support/cli.js';
import { writeOciImage } from '../support/image.js';
import { startRegistry, type Registry } from '../support/registry.js';

const tmp = tempDirs('digestpin-skopeo-env-');
let registry: Registry;

beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(async () => {
  await registry.stop();
  await tmp.cleanup();
});

/** NAME=value pairs of one NUL-separated `env -0` dump per skopeo run. */
function parseDumps(text: string): Map<string, string>[] {
  return text
    .split('\n--end--\n')
    .filter((d) => d.length > 0)
    .map(
      (d) =>
        new Map(
          d
            .split('\0')
            .filter(Boolean)
            .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
        ),
    );
}

describe('the environment skopeo runs with', () => {
  test('no tokens or keys; PATH, HOME, locale, proxies (both cases), containers and Docker settings kept', async () => {
    const dir = await tmp.make();
    const dump = path.join(dir, 'env.txt');
    const wrapper = path.join(dir, 'skopeo');
    await writeFile(
      wrapper,
      `#!/bin/sh\nenv -0 >> '${dump}'\nprintf '\\n--end--\\n' >> '${dump}'\nexec skopeo "$@"\n`,
    );
    await chmod(wrapper, 0o755);
    const image = await writeOciImage(dir, { layers: [{ size: 4096, random: true }] });
    const secrets = {
      GITHUB_TOKEN: 'ghs_secret',
      AWS_SECRET_ACCESS_KEY: 'aws-secret',
      AWS_ACCESS_KEY_ID: 'AKIA',
      NPM_TOKEN: 'npm-secret',
      INPUT_GITHUB_TOKEN: 'input-secret',
      DIGESTPIN_RETRIES: '2',
    };
    const kept = {
      HOME: dir,
      LANG: 'C.UTF-8',
      LC_ALL: 'C.UTF-8',
      no_proxy: '127.0.0.1,localhost',
      NO_PROXY: '127.0.0.1,localhost',
      CONTAINERS_MARKER: 'kept',
      DOCKER_CONFIG: path.join(dir, 'docker'),
      SSL_CERT_DIR: '/etc/ssl/certs',
    };
    const r = await runCli(
      ['push', '--json', '--tag', 't1', image.ref, `${registry.host}/env/app`],
      {
        env: {
          ...secrets,
          ...kept,
          DIGESTPIN_SKOPEO: wrapper,
          REGISTRY_AUTH_FILE: '',
          XDG_RUNTIME_DIR: '',
        },
      },
    );
    expect({ exit: r.exitCode, stderr: r.stderr }).toMatchObject({ exit: 0 });
    const runs = parseDumps(await readFile(dump, 'utf8'));
    expect(runs.length).toBeGreaterThanOrEqual(1);
    for (const env of runs) {
      for (const name of Object.keys(secrets))
        expect({ name, has: env.has(name) }).toEqual({ name, has: false });
      for (const [name, value] of Object.entries(kept))
        expect({ name, value: env.get(name) }).toEqual({ name, value });
      expect(env.get('PATH')).toBe(process.env.PATH);
      expect(env.has('DIGESTPIN_SKOPEO')).toBe(false);
    }
  });
});
