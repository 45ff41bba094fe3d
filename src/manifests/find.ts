/**
 * Expands the paths a user gives (files, folders searched recursively for *.yaml / *.yml /
 * *.json, quoted globs) into manifest files. `.git` and `node_modules` are skipped. Symlinks (UNSAFE_PATH):
 * - a path given is taken where it is written: the working directory, and the folders above a path
 *   that lies outside it (`../other`, `/abs/path`), are the user's choice; but the part of a path
 *   below the working directory, and the last name of any path, must not be a symlink that leads
 *   out of the path as written (`k8s` → `../elsewhere`, `deploy.yaml` → `/etc/…`);
 * - a symlink found inside a given folder must not lead outside that folder;
 * - confinePaths (the action) refuses any path whose target lies outside GITHUB_WORKSPACE.
 */
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DigestpinError } from '../errors.js';

const SKIP_DIRS = new Set(['.git', 'node_modules']);
/** `kubectl apply -R -f dir/` reads *.json too (JSON is YAML). */
const YAML_RE = /\.(?:ya?ml|json)$/i;
const GLOB_CHARS = /[*?[{]/;

/** Translates a glob (`*`, `**`, `?`, `[...]`, `{a,b}`) into an anchored RegExp over `/` paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? '';
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:[^/]*/)*' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end === -1) re += '\\[';
      else {
        re += `[${glob
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '{') {
      const end = glob.indexOf('}', i + 1);
      if (end === -1) re += '\\{';
      else {
        const alts = glob
          .slice(i + 1, end)
          .split(',')
          .map((a) => a.replace(/[.+^$()|\\]/g, '\\$&'));
        re += `(?:${alts.join('|')})`;
        i = end;
      }
    } else re += c.replace(/[.+^$()|\\\]}]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function toPosix(p: string): string {
  return p.split(sep).join('/');
}

function inside(root: string, p: string): boolean {
  const rel = relative(root, p);
  // `..foo` is a name inside; only `..` itself or `../…` leads out
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

async function walk(
  dir: string,
  rootReal: string,
  out: string[],
  visited: Set<string>,
): Promise<void> {
  const real = await realpath(dir);
  if (visited.has(real)) return;
  visited.add(real);
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (SKIP_DIRS.has(e.name)) continue;
    const p = join(dir, e.name);
    let isDir = e.isDirectory();
    let isFile = e.isFile();
    if (e.isSymbolicLink()) {
      const target = await realpath(p).catch(() => undefined);
      if (target === undefined) continue;
      if (!inside(rootReal, target)) {
        throw new DigestpinError(
          'UNSAFE_PATH',
          `${p}: symlink leads outside ${rootReal} (to ${target})`,
          LEADS_OUT_HINT,
        );
      }
      const info = await stat(target);
      isDir = info.isDirectory();
      isFile = info.isFile();
    }
    if (isDir) await walk(p, rootReal, out, visited);
    else if (isFile && YAML_RE.test(e.name)) out.push(p);
  }
}

const LEADS_OUT_HINT = 'Remove the symlink or pass its target as a path of its own.';

/**
 * Where a given path really is, refusing (UNSAFE_PATH) one that a symlink leads out of the place it
 * is written at: below the working directory every name counts; above it, only the last one.
 */
async function realOfGiven(given: string, abs: string, cwd: string): Promise<string> {
  const cwdReal = await realpath(cwd);
  const place = inside(cwd, abs)
    ? join(cwdReal, relative(cwd, abs))
    : join(await realpath(dirname(abs)).catch(() => dirname(abs)), basename(abs));
  const real = await realpath(abs).catch((err: unknown) => {
    throw new DigestpinError(
      'FILE_NOT_FOUND',
      `${given}: a symlink that leads nowhere (${(err as { code?: string }).code ?? String(err)})`,
      'Fix or remove the symlink.',
      { cause: err },
    );
  });
  if (!inside(place, real)) {
    throw new DigestpinError(
      'UNSAFE_PATH',
      `${given}: symlink leads outside the path as given (${place} is ${real})`,
      LEADS_OUT_HINT,
    );
  }
  return real;
}

/** The folder part of a glob, before its first name with a glob character. */
function globBase(absPattern: string): string {
  const parts = toPosix(absPattern).split('/');
  const firstGlob = parts.findIndex((p) => GLOB_CHARS.test(p));
  return parts.slice(0, firstGlob).join('/') || '/';
}

async function expandGlob(pattern: string, cwd: string): Promise<string[]> {
  const abs = toPosix(resolve(cwd, pattern));
  const base = globBase(abs);
  const re = globToRegExp(abs);
  const files: string[] = [];
  const exists = await stat(base).catch(() => undefined);
  if (!exists?.isDirectory()) return [];
  await walk(base, await realOfGiven(pattern, base, cwd), files, new Set());
  return files.filter((f) => re.test(toPosix(f)));
}

/** Resolves `paths` against `cwd` into a sorted list of distinct absolute manifest file paths. */
export async function findManifestFiles(paths: string[], cwd: string): Promise<string[]> {
  const found = new Set<string>();
  for (const given of paths) {
    const abs = resolve(cwd, given);
    const info = await lstat(abs).catch(() => undefined);
    if (!info && GLOB_CHARS.test(given)) {
      const matches = await expandGlob(given, cwd);
      if (matches.length === 0) {
        throw new DigestpinError(
          'FILE_NOT_FOUND',
          `${given}: no file matches`,
          'Check the pattern; quote it so the shell does not expand it.',
        );
      }
      for (const m of matches) found.add(m);
      continue;
    }
    if (!info) {
      throw new DigestpinError(
        'FILE_NOT_FOUND',
        `${given}: no such file or folder`,
        'Check the path (relative paths start at the working directory).',
      );
    }
    const real = await realOfGiven(given, abs, cwd);
    const target = info.isSymbolicLink() ? await stat(abs) : info;
    if (target.isDirectory()) {
      const files: string[] = [];
      await walk(abs, real, files, new Set());
      for (const f of files) found.add(f);
    } else found.add(abs);
  }
  return [...found].sort();
}

/**
 * The action's rule (DESIGN.md "Manifests"): every path given must lie in `root` (GITHUB_WORKSPACE)
 * once its symlinks are resolved, or UNSAFE_PATH. A path that does not exist reads nothing and is
 * left to the command (FILE_NOT_FOUND). Below a path that passes, findManifestFiles keeps every
 * file found inside it, so nothing outside `root` is read or written.
 */
export async function confinePaths(paths: string[], cwd: string, root: string): Promise<void> {
  const rootReal = await realpath(root);
  for (const given of paths) {
    const abs = resolve(cwd, given);
    const exists = await lstat(abs).then(
      () => true,
      () => false,
    );
    const checked = !exists && GLOB_CHARS.test(given) ? globBase(abs) : abs;
    const real = await realpath(checked).catch(() => undefined);
    const lexical = inside(resolve(root), checked) || inside(rootReal, checked);
    if (real === undefined ? lexical : inside(rootReal, real)) continue;
    throw new DigestpinError(
      'UNSAFE_PATH',
      `${given}: outside the workspace ${rootReal}${real !== undefined && real !== checked ? ` (it leads to ${real})` : ''}; the action reads and writes manifests only inside GITHUB_WORKSPACE`,
      'Give manifest paths inside the repository checkout, without symlinks that lead out of it.',
    );
  }
}
