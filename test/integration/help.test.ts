/**
 * Issue 15, B6 (and the --all-platforms name of B4): the built CLI's help says what push does by
 * default (the tag template, latest refused), the exit codes and two examples; --verbose is in
 * every command's help and accepted there; --json beside another --format is refused, not
 * silently preferred.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_TAG_TEMPLATE } from '../../src/push/tag-template.js';
import { runCli, tempDirs } from '../support/cli.js';
import { writeOciImage } from '../support/image.js';
import { startRegistry, type Registry } from '../support/registry.js';

const tmp = tempDirs('digestpin-help-');
let registry: Registry;
beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(async () => {
  await registry.stop();
  await tmp.cleanup();
});

const COMMANDS = ['push', 'guard', 'pin', 'check', 'verify', 'resolve', 'demo'];

describe('--help', () => {
  test('push: default tag template, latest refused, exit codes, two examples', async () => {
    const r = await runCli(['push', '--help']);
    expect(r.exitCode).toBe(0);
    const help = r.stdout.replace(/\s+/g, ' ');
    expect(help).toContain(`default ${DEFAULT_TAG_TEMPLATE}, unique per build and retry`);
    expect(help).toContain('"latest" is refused');
    expect(r.stdout).toContain('Exit codes:');
    for (const code of [
      '0  success',
      '2  invalid usage',
      '3  tag exists',
      '4  auth',
      '5  registry',
      '6  image not found',
    ])
      expect(r.stdout).toContain(code);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('  digestpin push '))).toHaveLength(2);
  });

  test.each(COMMANDS)('%s --help lists --verbose and the exit codes', async (command) => {
    const r = await runCli([command, '--help']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^ {2}--verbose\s+print debug logs on stderr$/m);
    expect(r.stdout).toContain('Exit codes:');
  });

  test('--verbose after the command is still accepted', async () => {
    const dir = await tmp.make();
    await writeFile(
      path.join(dir, 'p.yaml'),
      'kind: Pod\nspec:\n  containers:\n  - name: a\n    image: nginx:1.25\n',
    );
    const r = await runCli(['check', dir, '--verbose']);
    expect(r.exitCode).toBe(7);
    const v = await runCli(['verify', dir, '--verbose']);
    expect(v.exitCode).toBe(0);
  });
});

describe('--json and --format', () => {
  test.each([
    ['check', 'sarif'],
    ['check', 'github'],
    ['check', 'text'],
    ['verify', 'sarif'],
  ])('%s --json --format %s is refused (exit 2), in either order', async (command, format) => {
    const dir = await tmp.make();
    for (const args of [
      [command, '--json', '--format', format, dir],
      [command, `--format=${format}`, dir, '--json'],
    ]) {
      const r = await runCli(args);
      expect(r.exitCode).toBe(2);
      expect(r.json()).toEqual({
        error: {
          code: 'USAGE',
          message: `--json and --format ${format} ask for two different outputs`,
          hint: expect.any(String),
        },
      });
    }
  });

  // DESIGN.md: --json is the same as --format json, and a failing command prints one error
  // document — usage errors included, whichever way --format is written
  test.each([
    [['check', 'DIR', '--format', 'json', '--bogus']],
    [['check', 'DIR', '--format=json', '--bogus']],
    [['verify', 'DIR', '--format', 'json', '--concurrency', '0']],
  ])('%j: a usage error is one JSON error document (exit 2)', async (args) => {
    const dir = await tmp.make();
    const r = await runCli(args.map((a) => (a === 'DIR' ? dir : a)));
    expect(r.exitCode).toBe(2);
    expect(r.json()).toEqual({
      error: { code: expect.any(String), message: expect.any(String), hint: expect.any(String) },
    });
  });

  test('--json with --format json agrees', async () => {
    const dir = await tmp.make();
    const r = await runCli(['check', '--json', '--format', 'json', dir]);
    expect(r.exitCode).toBe(0);
    expect(r.json()).toMatchObject({ findings: [] });
  });
});

describe('push --all-platforms is --all', () => {
  test('accepted (dry run)', async () => {
    const image = await writeOciImage(await tmp.make(), { layers: [{ size: 512 }] });
    const r = await runCli(
      [
        'push',
        image.ref,
        `${registry.host}/help/app`,
        '--tag',
        'ap-1',
        '--all-platforms',
        '--dry-run',
        '--json',
      ],
      { env: { HOME: '/nonexistent-home' } },
    );
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('(all platforms)');
  });
});
