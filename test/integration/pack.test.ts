// The Jenkins / any-CI install story: `npm pack` gives a tarball whose `digestpin` bin works with
// only Node >= 20 (and skopeo for pushing) on the agent; the installed bin pushes to a loopback
// registry with the real skopeo. dist/ bundles every runtime dependency,
// so the package declares none and installing the tarball fetches nothing (--offline proves it).
// The Jenkins steps of docs/jenkins.md run three ways (issue 15): `skopeo login --authfile` with
// REGISTRY_AUTH_FILE, a plain `skopeo login` (digestpin finds $XDG_RUNTIME_DIR/containers/auth.json),
// and through a recording CONNECT proxy to a TLS registry named 0.0.0.0:PORT (test/support/tls.ts).
// Needs a built dist/: `npm run build`.
import {
  access,
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { startConnectProxy } from '../support/connect-proxy.js';
import { writeOciImage } from '../support/image.js';
import { headManifest, secretForms } from '../support/push.js';
import { startRegistry, type Registry } from '../support/registry.js';
import { makeCertificate, remoteLooking } from '../support/tls.js';

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

  /**
   * A Jenkins-like workspace under `dir/<name>`: k8s/deploy.yaml naming `repo:dev`, app.tar (a
   * docker-archive), fresh HOME and XDG_RUNTIME_DIR, and a PATH of only node and skopeo.
   */
  async function workspace(name: string, repo: string) {
    const ws = path.join(dir, name);
    const home = path.join(ws, 'home');
    const runtime = path.join(ws, 'run');
    await mkdir(path.join(ws, 'k8s'), { recursive: true });
    await mkdir(home, { recursive: true });
    await mkdir(runtime, { recursive: true, mode: 0o700 });
    await writeFile(
      path.join(ws, 'k8s', 'deploy.yaml'),
      `kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: ${repo}:dev\n`,
    );
    const image = await writeOciImage(path.join(ws, 'oci'), {
      layers: [{ size: 16 * 1024, seed: name }],
    });
    await execa('skopeo', [
      'copy',
      '--quiet',
      image.ref,
      `docker-archive:${path.join(ws, 'app.tar')}`,
    ]);
    const skopeo = (await execa('sh', ['-c', 'command -v skopeo'])).stdout.trim();
    const PATH = [...new Set([path.dirname(process.execPath), path.dirname(skopeo)])].join(':');
    return { ws, home, runtime, PATH };
  }

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

  test('the Jenkins steps with a plain skopeo login (no --authfile, no REGISTRY_AUTH_FILE): digestpin reads $XDG_RUNTIME_DIR/containers/auth.json', async () => {
    const password = 'pl41n-l0gin-pass';
    const auth = await startRegistry({ auth: { username: 'jenkins', password } });
    try {
      const repo = `${auth.host}/shop/plain`;
      const { ws, home, runtime, PATH } = await workspace('plain-login', repo);
      // nothing else: no REGISTRY_AUTH_FILE, no DOCKER_CONFIG, a fresh HOME and XDG_RUNTIME_DIR
      const env = { PATH, HOME: home, XDG_RUNTIME_DIR: runtime, BUILD_NUMBER: '7' };
      const run = (args: string[]) =>
        execa(bin, args, { cwd: ws, reject: false, extendEnv: false, env, timeout: 60000 });

      // before the login the registry refuses: the credentials below come from the login
      const anonymous = await run(['guard', `${repo}:def5678-7`, '--json']);
      expect(anonymous.exitCode).toBe(4);

      // withCredentials(usernamePassword(…)) { sh 'echo "$REG_PASS" | skopeo login …' }
      const login = await execa(
        'skopeo',
        ['login', '--tls-verify=false', '--username', 'jenkins', '--password-stdin', auth.host],
        { input: password, env, extendEnv: false, reject: false, timeout: 30000 },
      );
      expect(login.stderr).toBe('');
      expect(login.exitCode).toBe(0);
      const written = JSON.parse(
        await readFile(path.join(runtime, 'containers', 'auth.json'), 'utf8'),
      ) as { auths: Record<string, unknown> };
      expect(Object.keys(written.auths)).toEqual([auth.host]);

      const guard = await run(['guard', `${repo}:def5678-7`, '--json']);
      expect(guard.exitCode).toBe(0);
      expect(JSON.parse(guard.stdout)).toEqual({
        repository: repo,
        tag: 'def5678-7',
        exists: false,
      });

      const push = await run([
        'push',
        'docker-archive:app.tar',
        repo,
        '--tag',
        'def5678-7',
        '--manifests',
        'k8s/',
        '--require-pin',
        '--json',
      ]);
      expect(push.exitCode).toBe(0);
      const result = JSON.parse(push.stdout) as {
        tag: string;
        digest: string;
        ref: string;
        pushed: boolean;
        files: unknown[];
      };
      expect(result).toMatchObject({ repository: repo, tag: 'def5678-7', pushed: true });
      expect(result.files).toEqual([{ path: 'k8s/deploy.yaml', changes: 1 }]);
      const served = await headManifest(auth, 'shop/plain', 'def5678-7');
      expect(served.status).toBe(200);
      expect(served.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(result.digest).toBe(served.digest);
      expect(result.ref).toBe(`${repo}:def5678-7@${served.digest}`);
      expect(await readFile(path.join(ws, 'k8s', 'deploy.yaml'), 'utf8')).toContain(
        `image: ${repo}:def5678-7@${served.digest}\n`,
      );

      const verify = await run(['verify', 'k8s/']);
      expect(verify.exitCode).toBe(0);

      const output = [login, anonymous, guard, push, verify]
        .map((r) => `${r.stdout}${r.stderr}`)
        .join('');
      for (const secret of secretForms('jenkins', password)) {
        expect(output).not.toContain(secret);
      }
    } finally {
      await auth.stop();
    }
  }, 60000);

  test('the Jenkins steps through an HTTPS proxy: skopeo login, guard, push, verify tunnel to the registry', async () => {
    const password = 'pr0xy-j3nkins-pass';
    // a TLS registry named 0.0.0.0:PORT: Go (skopeo) and digestpin never proxy loopback names
    const keys = path.join(dir, 'proxy-keys');
    await mkdir(keys, { recursive: true });
    const files = await makeCertificate(keys, '0.0.0.0');
    // skopeo's --cert-dir: every *.crt in it is a trusted CA
    const certDir = path.join(dir, 'proxy-certs.d');
    await mkdir(certDir, { recursive: true });
    await copyFile(files.cert, path.join(certDir, 'ca.crt'));
    const tlsRegistry = await startRegistry({
      auth: { username: 'jenkins', password },
      tls: { certificate: files.cert, key: files.key },
    });
    const proxy = await startConnectProxy();
    const tunnels = () => proxy.records.filter((r) => r.method === 'CONNECT').map((r) => r.target);
    try {
      const host = remoteLooking(tlsRegistry.port);
      const repo = `${host}/shop/proxied`;
      const { ws, home, runtime, PATH } = await workspace('proxied', repo);
      const env = {
        PATH,
        HOME: home,
        XDG_RUNTIME_DIR: runtime,
        HTTPS_PROXY: proxy.url,
        NODE_EXTRA_CA_CERTS: files.cert,
        BUILD_NUMBER: '9',
      };
      const run = (args: string[]) =>
        execa(bin, args, { cwd: ws, reject: false, extendEnv: false, env, timeout: 60000 });

      const login = await execa(
        'skopeo',
        ['login', '--cert-dir', certDir, '--username', 'jenkins', '--password-stdin', host],
        { input: password, env, extendEnv: false, reject: false, timeout: 30000 },
      );
      expect(login.stderr).toBe('');
      expect(login.exitCode).toBe(0);
      expect(tunnels()).toContain(host); // skopeo's own requests

      proxy.records.length = 0;
      const guard = await run(['guard', `${repo}:fed4321-9`, '--json']);
      expect(guard.exitCode).toBe(0);
      expect(JSON.parse(guard.stdout)).toEqual({
        repository: repo,
        tag: 'fed4321-9',
        exists: false,
      });
      expect(tunnels()).toContain(host);

      proxy.records.length = 0;
      const push = await run([
        'push',
        'docker-archive:app.tar',
        repo,
        '--tag',
        'fed4321-9',
        '--manifests',
        'k8s/',
        '--require-pin',
        '--json',
      ]);
      expect(push.exitCode).toBe(0);
      const result = JSON.parse(push.stdout) as { digest: string; ref: string; files: unknown[] };
      expect(result.files).toEqual([{ path: 'k8s/deploy.yaml', changes: 1 }]);
      // the relay's upstream and the tag checks: everything through the proxy, to the registry only
      expect(tunnels().length).toBeGreaterThan(0);
      expect(new Set(tunnels())).toEqual(new Set([host]));
      expect(await readFile(path.join(ws, 'k8s', 'deploy.yaml'), 'utf8')).toContain(
        `image: ${result.ref}\n`,
      );

      proxy.records.length = 0;
      const verify = await run(['verify', 'k8s/']);
      expect(verify.exitCode).toBe(0);
      expect(tunnels()).toContain(host);

      // the digest the registry serves, read by skopeo (through the proxy, with the login's file)
      proxy.records.length = 0;
      const inspect = await execa(
        'skopeo',
        ['inspect', '--cert-dir', certDir, '--format', '{{.Digest}}', `docker://${repo}:fed4321-9`],
        { env, extendEnv: false, timeout: 30000 },
      );
      expect(tunnels()).toContain(host);
      expect(result.digest).toBe(inspect.stdout.trim());
      expect(result.ref).toBe(`${repo}:fed4321-9@${inspect.stdout.trim()}`);

      const output = [login, guard, push, verify].map((r) => `${r.stdout}${r.stderr}`).join('');
      for (const secret of secretForms('jenkins', password)) {
        expect(output).not.toContain(secret);
      }
    } finally {
      await Promise.all([tlsRegistry.stop(), proxy.stop()]);
    }
  }, 60000);
});
