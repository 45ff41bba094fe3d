// The Jenkins / any-CI install story: `npm pack` gives a tarball whose `digestpin` bin works with
// only Node >= 20 (and skopeo for pushing) on the agent. dist/ bundles every runtime dependency,
// so the package declares none and installing the tarball fetches nothing (--offline proves it).
// Needs a built dist/: `npm run build`.
import { access, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as {
  version: string;
  dependencies?: Record<string, string>;
};

describe('npm pack → npm install -g --prefix <tmp> → digestpin', () => {
  let dir: string;
  let prefix: string;
  let bin: string;

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
  afterAll(() => rm(dir, { recursive: true, force: true }));

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
});
