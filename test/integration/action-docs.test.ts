// scripts/action-docs.mjs (run by `npm run lint`): the README's inputs/outputs table is the one
// action.yml gives, and --check fails when action.yml changed without the README.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const script = join(root, 'scripts/action-docs.mjs');
let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'digestpin-action-docs-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const run = (...args: string[]) => execa('node', [script, ...args], { cwd: root, reject: false });

test("the repository's README matches its action.yml", async () => {
  const r = await run('--check');
  expect([r.exitCode, r.stderr]).toEqual([0, '']);
  const readme = await readFile(join(root, 'README.md'), 'utf8');
  expect(readme).toContain('| `source` | yes |  |');
  expect(readme).toContain('| `changed-files` |');
});

test('--check fails on a stale table; a run without it rewrites only the table', async () => {
  const action = (await readFile(join(root, 'action.yml'), 'utf8')).replace(
    '  dry-run:\n',
    '  new-input:\n    description: A new | piped *input*.\n    required: false\n    default: x\n  dry-run:\n',
  );
  const readme = await readFile(join(root, 'README.md'), 'utf8');
  await writeFile(join(tmp, 'action.yml'), action);
  await writeFile(join(tmp, 'README.md'), readme);
  const args = ['--readme', join(tmp, 'README.md'), '--action', join(tmp, 'action.yml')];

  const stale = await run('--check', ...args);
  expect(stale.exitCode).toBe(1);
  expect(stale.stderr).toMatch(
    /does not match .*action\.yml; run `node scripts\/action-docs\.mjs`/,
  );

  expect((await run(...args)).exitCode).toBe(0);
  const rewritten = await readFile(join(tmp, 'README.md'), 'utf8');
  expect(rewritten).toContain('| `new-input` | no | `x` | A new \\| piped \\*input\\*. |');
  const outside = (t: string) =>
    t.replace(/<!-- action-docs start[\s\S]*<!-- action-docs end -->/, '');
  expect(outside(rewritten)).toBe(outside(readme));
  expect((await run('--check', ...args)).exitCode).toBe(0);
});
