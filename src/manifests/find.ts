/**
 * Expands the paths a user gives (files, folders searched recursively for *.yaml / *.yml / *.json, quoted
 * globs) into manifest files. `.git` and `node_modules` are skipped; a symlink that leads outside
 * the root it was found under is refused (UNSAFE_PATH).
 */
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
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
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
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
          'Remove the symlink or pass its target as a path of its own.',
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

async function expandGlob(pattern: string, cwd: string): Promise<string[]> {
  const abs = toPosix(resolve(cwd, pattern));
  const parts = abs.split('/');
  const firstGlob = parts.findIndex((p) => GLOB_CHARS.test(p));
  const base = parts.slice(0, firstGlob).join('/') || '/';
  const re = globToRegExp(abs);
  const files: string[] = [];
  const exists = await stat(base).catch(() => undefined);
  if (!exists?.isDirectory()) return [];
  await walk(base, await realpath(base), files, new Set());
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
    const target = info.isSymbolicLink() ? await stat(abs) : info;
    if (target.isDirectory()) {
      const files: string[] = [];
      await walk(abs, await realpath(abs), files, new Set());
      for (const f of files) found.add(f);
    } else found.add(abs);
  }
  return [...found].sort();
}
