/**
 * A manifest edited by someone else while digestpin runs (issue 16, finding 10): the built CLI
 * rewrites 300 files; the moment its first temporary file appears (seen through inotify), the
 * test appends a line to one of them. The run must refuse (exit 2, the path named), keep that
 * edit, write no file and leave no temporary file. Before the fix the edit was silently
 * overwritten. Build first: `npm run build`.
 */
import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { TEMP_NAME } from '../../../src/manifests/write.js';
import { cliPath, tempDirs } from '../../support/cli.js';

const FILES = 300;
const REF = `registry.example.com/team/app:v9@sha256:${'ab'.repeat(32)}`;
const EDIT = '# edited by someone else meanwhile\n';
const tmp = tempDirs('digestpin-edit-');
afterAll(() => tmp.cleanup());

function manifest(i: number): string {
  return [
    `# manifest ${i}`,
    'kind: Pod',
    'spec:',
    '  containers:',
    '    - name: app',
    `      image: registry.example.com/team/app:v${i % 5}`,
    '    - name: pause',
    `      image: k8s.gcr.io/pause:3.${i % 10}`,
    '',
  ].join('\n');
}

/** Runs the CLI in `dir`; when its first temporary file appears, appends EDIT to `victim`. */
function runWithEdit(
  args: string[],
  dir: string,
  victim: string,
): Promise<{ code: number | null; stdout: string; edited: boolean }> {
  return new Promise((resolve, reject) => {
    let edited: Promise<void> | undefined;
    let stdout = '';
    const child = spawn(process.execPath, [cliPath, ...args, '--json'], { cwd: dir });
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const watcher = watch(dir, (_event, name) => {
      if (!edited && name && TEMP_NAME.test(name)) edited = appendFile(victim, EDIT);
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      watcher.close();
      void (edited ?? Promise.resolve()).then(() => resolve({ code, stdout, edited: !!edited }));
    });
  });
}

describe.each([
  ['pin', ['pin', REF, '.']],
  ['check --fix', ['check', '--fix', '.']],
])('%s', (_name, args) => {
  test('a file edited after it was read: exit 2, the edit kept, no file written', async () => {
    const dir = await tmp.make();
    const names: string[] = [];
    for (let i = 0; i < FILES; i++) {
      const name = `deploy-${String(i).padStart(3, '0')}.yaml`;
      names.push(name);
      await writeFile(path.join(dir, name), manifest(i));
    }
    const victim = path.join(dir, 'deploy-150.yaml');
    const r = await runWithEdit(args, dir, victim);
    expect(r.edited).toBe(true);
    expect(r.code).toBe(2);
    const { error } = JSON.parse(r.stdout) as { error: { code: string; message: string } };
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toContain('deploy-150.yaml: changed since digestpin read it');
    expect(await readFile(victim, 'utf8')).toBe(manifest(150) + EDIT);
    for (const [i, name] of names.entries())
      if (i !== 150) expect(await readFile(path.join(dir, name), 'utf8')).toBe(manifest(i));
    expect((await readdir(dir)).sort()).toEqual(names);
  }, 60_000);
});
