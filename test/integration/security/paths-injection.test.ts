/**
 * Paths and untrusted strings through the built CLI (issue 8, Security): manifest paths cannot
 * escape the given roots (symlinks to outside, `..` targets, symlinked folder loops) for pin,
 * check --fix and verify — UNSAFE_PATH, nothing written; hostile file names and image values
 * cannot start a workflow command in check's or verify's output.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli, tempDirs } from '../../support/cli.js';

const tmp = tempDirs('digestpin-sec-');
afterAll(async () => tmp.cleanup());

const DIGEST = `sha256:${'a'.repeat(64)}`;
const OUTSIDE =
  'kind: Pod\nspec:\n  containers:\n    - name: a\n      image: k8s.gcr.io/pause:3.1\n';
const INSIDE = 'kind: Pod\nspec:\n  containers:\n    - name: a\n      image: nginx:1.25\n';

/** root/k8s holds one ordinary manifest and `evil`; `outside/secret.yaml` lies next to root. */
async function layout(
  evil: (k8s: string, outside: string) => Promise<void>,
): Promise<{ k8s: string; files: string[] }> {
  const base = await tmp.make();
  const k8s = path.join(base, 'root', 'k8s');
  const outside = path.join(base, 'outside');
  await mkdir(k8s, { recursive: true });
  await mkdir(outside);
  await writeFile(path.join(k8s, 'app.yaml'), INSIDE);
  await writeFile(path.join(outside, 'secret.yaml'), OUTSIDE);
  await evil(k8s, outside);
  return { k8s, files: [path.join(k8s, 'app.yaml'), path.join(outside, 'secret.yaml')] };
}

const escapes: [string, (k8s: string, outside: string) => Promise<void>][] = [
  [
    'file symlink to outside',
    (k8s, o) => symlink(path.join(o, 'secret.yaml'), path.join(k8s, 'x.yaml')),
  ],
  ['folder symlink to outside', (k8s, o) => symlink(o, path.join(k8s, 'vendored'))],
  [
    'relative symlink with ..',
    (k8s) => symlink('../../outside/secret.yaml', path.join(k8s, 'up.yaml')),
  ],
  [
    'symlink nested in a subfolder, ../.. to outside',
    async (k8s) => {
      await mkdir(path.join(k8s, 'sub'));
      await symlink('../../../outside', path.join(k8s, 'sub', 'o'));
    },
  ],
];

const commands: [string, (k8s: string) => string[]][] = [
  ['pin', (k8s) => ['pin', `nginx:1.25@${DIGEST}`, k8s]],
  ['check --fix', (k8s) => ['check', '--fix', k8s]],
  ['verify', (k8s) => ['verify', k8s]],
];

describe('manifest paths cannot escape the given root', () => {
  describe.each(escapes)('%s', (_name, evil) => {
    test.each(commands)('%s: UNSAFE_PATH (exit 2), nothing written', async (_c, args) => {
      const { k8s, files } = await layout(evil);
      const r = await runCli([...args(k8s), '--json'], { timeoutMs: 15000 });
      expect(r.exitCode).toBe(2);
      const { error } = r.json<{ error: { code: string; message: string; hint: string } }>();
      expect(error.code).toBe('UNSAFE_PATH');
      expect(error.message).toMatch(/symlink leads outside/);
      expect(error.hint).toMatch(/Remove the symlink/);
      expect(await readFile(files[0] ?? '', 'utf8')).toBe(INSIDE);
      expect(await readFile(files[1] ?? '', 'utf8')).toBe(OUTSIDE);
    });
  });

  test.each(commands)(
    '%s: symlinked folder loops are walked once, in bounded time',
    async (name, args) => {
      const { k8s, files } = await layout(async (dir) => {
        await mkdir(path.join(dir, 'a'));
        await symlink('..', path.join(dir, 'a', 'up'));
        await symlink(dir, path.join(dir, 'self'));
        await symlink('loop2', path.join(dir, 'loop1.yaml'));
        await symlink('loop1.yaml', path.join(dir, 'loop2'));
      });
      const t0 = Date.now();
      const r = await runCli([...args(k8s), '--json'], { timeoutMs: 15000 });
      expect(Date.now() - t0).toBeLessThan(5000);
      if (name === 'pin') {
        expect(r.exitCode).toBe(0);
        expect(r.json<{ files: { path: string }[] }>().files).toHaveLength(1);
      } else expect(r.exitCode).not.toBe(2);
      expect(await readFile(files[1] ?? '', 'utf8')).toBe(OUTSIDE);
    },
  );
});

/**
 * The path given is itself the link (issue 16, finding 3): a pull request turns the folder the
 * workflow names into a symlink to outside, or a named file into one. Run from root/ with the
 * path as a workflow writes it.
 */
const namedLinks: [string, (root: string, outside: string) => Promise<string>][] = [
  [
    'the folder given is a symlink to outside',
    async (root, o) => {
      await symlink(path.relative(root, o), path.join(root, 'deploy'));
      return 'deploy';
    },
  ],
  [
    'the file given is a symlink to a file outside',
    async (root, o) => {
      await symlink(path.join(o, 'secret.yaml'), path.join(root, 'k8s', 'deploy.yaml'));
      return 'k8s/deploy.yaml';
    },
  ],
  [
    'a folder on the way to the file given is a symlink to outside',
    async (root, o) => {
      await symlink(o, path.join(root, 'vendored'));
      return 'vendored/secret.yaml';
    },
  ],
];

/** pin --resolve too: the path is refused before any registry is asked. */
const commandsAndResolve: [string, (k8s: string) => string[]][] = [
  ...commands,
  ['pin --resolve', (k8s) => ['pin', '--resolve', k8s]],
];

describe('a path given that is (or passes through) a symlink to outside', () => {
  describe.each(namedLinks)('%s', (_name, evil) => {
    test.each(commandsAndResolve)('%s: UNSAFE_PATH (exit 2), nothing written', async (_c, args) => {
      const { k8s, files } = await layout(() => Promise.resolve());
      const root = path.dirname(k8s);
      const given = await evil(root, path.join(root, '..', 'outside'));
      const r = await runCli([...args(given), '--json'], { cwd: root, timeoutMs: 15000 });
      expect(r.exitCode).toBe(2);
      const { error } = r.json<{ error: { code: string; message: string; hint: string } }>();
      expect(error.code).toBe('UNSAFE_PATH');
      expect(error.message).toMatch(/symlink leads outside the path as given/);
      expect(error.hint).toMatch(/Remove the symlink/);
      expect(await readFile(files[1] ?? '', 'utf8')).toBe(OUTSIDE);
    });
  });

  test('a path written outside the working directory (../) is the user’s choice in the CLI', async () => {
    const { k8s, files } = await layout(() => Promise.resolve());
    const r = await runCli(
      ['pin', `k8s.gcr.io/pause:3.1@${DIGEST}`, '../outside/secret.yaml', '--json'],
      { cwd: path.dirname(k8s), timeoutMs: 15000 },
    );
    expect(r.exitCode).toBe(0);
    expect(await readFile(files[1] ?? '', 'utf8')).toContain(`pause:3.1@${DIGEST}`);
  });
});

const HOSTILE_NAMES = [
  'evil\n::error::injected-by-name.yaml',
  'pct%0A::error::injected-by-percent.yaml',
  'br]ack`tick`<script>alert(1)<\\script>.yaml',
];

/** Every line that the runner would take for a workflow command. */
function commandLines(out: string): string[] {
  return out.split(/\r?\n/).filter((l) => l.trimStart().startsWith('::'));
}

describe('hostile file names and values cannot start a workflow command', () => {
  test.each(['github', 'text'])('check --format %s', async (format) => {
    const dir = await tmp.make();
    for (const name of HOSTILE_NAMES) await writeFile(path.join(dir, name), INSIDE);
    await writeFile(
      path.join(dir, 'value.yaml'),
      'kind: Pod\nspec:\n  containers:\n    - name: a\n      image: "bad\\n::error::injected-by-value"\n',
    );
    const r = await runCli(['check', '--format', format, dir]);
    expect(r.exitCode).toBe(7);
    const lines = commandLines(`${r.stdout}\n${r.stderr}`);
    if (format === 'text') expect(lines).toEqual([]);
    else {
      expect(lines.length).toBeGreaterThanOrEqual(4);
      for (const l of lines)
        expect(l).toMatch(
          /^::(error|warning) file=[^\n:,]*,line=\d+,col=\d+,title=digestpin [a-z-]+::/,
        );
    }
    expect(r.stdout + r.stderr).not.toMatch(/^::error::injected/m);
  });

  test.each(['github', 'text'])('verify --format %s', async (format) => {
    const dir = await tmp.make();
    const pod = `kind: Pod\nspec:\n  containers:\n    - name: a\n      image: 127.0.0.1:1/x:1@${DIGEST}\n`;
    for (const name of HOSTILE_NAMES) await writeFile(path.join(dir, name), pod);
    const r = await runCli(['verify', '--format', format, dir], { timeoutMs: 15000 });
    expect(r.exitCode).toBe(5);
    for (const l of commandLines(`${r.stdout}\n${r.stderr}`))
      expect(l).toMatch(/^::(error|warning|notice) file=[^\n:,]*,line=\d+/);
    expect(r.stdout + r.stderr).not.toMatch(/^::error::injected/m);
  });
});
