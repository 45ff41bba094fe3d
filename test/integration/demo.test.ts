// `digestpin demo` end to end: real docker-registry, real skopeo, in-process and as the built CLI.
import { describe, expect, test } from '@jest/globals';
import { existsSync, rmSync } from 'node:fs';
import { runDemo } from '../../src/commands/demo.js';
import { memoryLogger } from '../support/logger.js';
import { runCli } from '../support/cli.js';

describe('digestpin demo', () => {
  test('in-process: every step as expected, the manifest pinned, the folder removed', async () => {
    const logger = memoryLogger();
    const out = await runDemo({ keep: false }, { logger, env: {}, cwd: process.cwd() });
    expect(out.exitCode).toBe(0);
    expect(out.json.steps.map((s) => [s.step, s.ok])).toEqual([
      ['registry', true],
      ['build', true],
      ['check (before)', true],
      ['push', true],
      ['re-run', true],
      ['overwrite refused', true],
      ['verify', true],
      ['check (after)', true],
    ]);
    expect(out.json.ref).toMatch(/^127\.0\.0\.1:\d+\/demo\/app:demo-\d{14}@sha256:[0-9a-f]{64}$/);
    // Only the image value changed: the quotes and the trailing comment stay.
    expect(out.json.manifest).toContain(`image: "${out.json.ref}" # rewritten by digestpin push`);
    expect(out.json.manifest).toContain('image: k8s.gcr.io/pause:3.9   # digestpin check flags');
    expect(logger.lines.join('\n')).not.toContain('demo-password');
    const folder = /digestpin demo in (\S+)/.exec(logger.lines[0])![1];
    expect(existsSync(folder)).toBe(false);
  });

  test('the built CLI: --json, exit 0, --keep leaves the folder', async () => {
    const r = await runCli(['demo', '--json', '--keep']);
    expect(r.exitCode).toBe(0);
    const json = r.json<{ steps: { ok: boolean }[]; folder: string }>();
    expect(json.steps.every((s) => s.ok)).toBe(true);
    expect(existsSync(json.folder)).toBe(true);
    rmSync(json.folder, { recursive: true, force: true });
    expect(r.stderr).toContain('✓ overwrite refused');
  });
});
