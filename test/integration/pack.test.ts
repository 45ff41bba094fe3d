// The Jenkins / any-CI install story: `npm pack` gives a tarball whose `digestpin` bin works with
// only Node >= 20 (and skopeo for pushing) on the agent; the installed bin pushes to a loopback
// registry with the real skopeo. dist/ bundles every runtime dependency,
// so the package declares none and installing the tarball fetches nothing (--offline proves it).
// Needs a built dist/: `npm run build`.
import { access, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { writeOciImage } from '../support/image.js';
import { headManifest } from '../support/push.js';
import { startRegistry, type Registry } from '../support/registry.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as {
  version: string;
  dependencies?: Record<string, string>;
};

describe('npm pack → npm install -g --prefix <tmp> → digestpin', () => {
  let dir: string;
  let prefix: string;
  let bin: string;
  let registry: Registry | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'digestpin-pack-'));
    prefix = path.join(dir, 'prefix');
    const packed = await execa('npm', ['pack', '--json', '--pack-destination', dir], {
      cwd: repoRoot,
      timeout: 120000,
    });
    const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
    await execa(
      'npm',
      [
        'install',
        '-g',
        '--prefix',
        prefix,
        '--offline',
        '--no-audit',
        '--no-fund',
        path.join(dir, filename),
      ],
      // an empty cache: nothing can come from anywhere but the tarball
      { cwd: dir, timeout: 120000, env: { npm_config_cache: path.join(dir, 'npm-cache') } },
    );
    bin = path.join(prefix, 'bin', 'digestpin');
  }, 180000);
  afterAll(async () => {
    await registry?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('the package declares no runtime dependencies (dist/ bundles them)', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
  });

  test('installed: only dist/, action.yml and metadata; no node_modules', async () => {
    const installed = path.join(prefix, 'lib', 'node_modules', 'digestpin');
    const entries = await readdir(installed);
    expect(entries).toContain('dist');
    expect(entries).not.toContain('node_modules');
    expect(entries).not.toContain('src');
    await access(path.join(installed, 'dist', 'cli.js'));
  });

  test('<prefix>/bin/digestpin --version runs with only node on PATH', async () => {
    const result = await execa(bin, ['--version'], {
      cwd: dir,
      reject: false,
      extendEnv: false,
      env: { PATH: path.dirname(process.execPath), HOME: dir },
    });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe(pkg.version);
  });

  test('<prefix>/bin/digestpin push --help lists the contract options', async () => {
    const result = await execa(bin, ['push', '--help'], {
      cwd: dir,
      extendEnv: false,
      env: { PATH: path.dirname(process.execPath), HOME: dir },
    });
    for (const option of ['--tag', '--format', '--manifests', '--json', '--dry-run']) {
      expect(result.stdout).toContain(option);
    }
  });

  test('<prefix>/bin/digestpin push: a real push to a loopback registry, digest served', async () => {
    registry = await startRegistry();
    const image = await writeOciImage(path.join(dir, 'image'), {
      layers: [{ size: 48 * 1024, seed: 'pack' }],
    });
    // only node and skopeo on PATH, as on a bare Jenkins agent
    const skopeo = (await execa('sh', ['-c', 'command -v skopeo'])).stdout.trim();
    const PATH = [...new Set([path.dirname(process.execPath), path.dirname(skopeo)])].join(':');
    const result = await execa(
      bin,
      ['push', image.ref, `${registry.host}/pack/app`, '--tag', 'pack-1', '--json'],
      { cwd: dir, reject: false, extendEnv: false, env: { PATH, HOME: dir }, timeout: 60000 },
    );
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.exitCode).toBe(0);
    const json = JSON.parse(result.stdout) as { digest: string; pushed: boolean; tag: string };
    expect(json).toMatchObject({ tag: 'pack-1', pushed: true });
    const served = await headManifest(registry, 'pack/app', 'pack-1');
    expect(served.status).toBe(200);
    expect(served.digest).toBe(json.digest);
  }, 60000);

  test('the Jenkins steps of docs/jenkins.md: skopeo login --authfile → REGISTRY_AUTH_FILE → guard, push, verify', async () => {
    const auth = await startRegistry({ auth: { username: 'jenkins', password: 'j3nkins-pass' } });
    try {
      const ws = path.join(dir, 'workspace');
      await mkdir(path.join(ws, 'k8s'), { recursive: true });
      const repo = `${auth.host}/shop/app`;
      await writeFile(
        path.join(ws, 'k8s', 'deploy.yaml'),
        `kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: ${repo}:dev\n`,
      );
      const image = await writeOciImage(path.join(dir, 'jenkins-image'), {
        layers: [{ size: 16 * 1024, seed: 'jenkins' }],
      });
      // "docker save" stands in as skopeo writing the same docker-archive
      await execa('skopeo', [
        'copy',
        '--quiet',
        image.ref,
        `docker-archive:${path.join(ws, 'app.tar')}`,
      ]);
      const skopeo = (await execa('sh', ['-c', 'command -v skopeo'])).stdout.trim();
      const PATH = [...new Set([path.dirname(process.execPath), path.dirname(skopeo)])].join(':');
      const authfile = path.join(ws, '.registry-auth.json');
      // withCredentials(usernamePassword(…)) { sh 'echo "$REG_PASS" | skopeo login …' }
      await execa(
        'skopeo',
        [
          'login',
          '--authfile',
          authfile,
          '--tls-verify=false',
          '--username',
          'jenkins',
          '--password-stdin',
          auth.host,
        ],
        { input: 'j3nkins-pass', env: { PATH, HOME: ws }, extendEnv: false },
      );
      const env = { PATH, HOME: ws, REGISTRY_AUTH_FILE: authfile, BUILD_NUMBER: '42' };
      const run = (args: string[]) =>
        execa(bin, args, { cwd: ws, reject: false, extendEnv: false, env, timeout: 60000 });

      const guard = await run(['guard', `${repo}:abc1234-42`, '--json']);
      expect(guard.exitCode).toBe(0);
      expect(JSON.parse(guard.stdout)).toEqual({
        repository: repo,
        tag: 'abc1234-42',
        exists: false,
      });

      const push = await run([
        'push',
        'docker-archive:app.tar',
        repo,
        '--tag',
        'abc1234-42',
        '--manifests',
        'k8s/',
        '--require-pin',
        '--json',
      ]);
      expect(push.exitCode).toBe(0);
      const result = JSON.parse(push.stdout) as { ref: string; files: unknown[] };
      expect(result.files).toEqual([{ path: 'k8s/deploy.yaml', changes: 1 }]);
      expect(await readFile(path.join(ws, 'k8s', 'deploy.yaml'), 'utf8')).toContain(
        `image: ${result.ref}`,
      );

      const again = await run(['guard', `${repo}:abc1234-42`, '--json']);
      expect(again.exitCode).toBe(3);
      expect(JSON.parse(again.stdout)).toMatchObject({ error: { code: 'TAG_EXISTS' } });

      const verify = await run(['verify', 'k8s/']);
      expect(verify.exitCode).toBe(0);
      expect(`${push.stderr}${verify.stderr}${guard.stderr}`).not.toContain('j3nkins-pass');
    } finally {
      await auth.stop();
    }
  }, 120000);
});
