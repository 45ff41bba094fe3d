/**
 * All-or-nothing writes: every new text goes to a temporary file in the target's own folder (same
 * file system, same mode) first; only when all of them are written are they renamed over the
 * originals. A failure before the renames removes the temporary files and leaves every target as
 * it was. A run killed outright (SIGKILL, power loss) leaves every target either old or new (each
 * rename is atomic) and may leave temporary files: they are named `.<file>.digestpin-<pid>-<hex>.tmp`
 * (never read as manifests, which end in .yaml/.yml) and the next write to that folder removes
 * those whose process is gone.
 */
import { randomBytes } from 'node:crypto';
import { open, readdir, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DigestpinError } from '../errors.js';

export interface FileWrite {
  path: string;
  text: string;
}

/** `.<file>.digestpin-<pid>-<12 hex>.tmp`: the writer's pid tells a leftover from a live write. */
export const TEMP_NAME = /^\..+\.digestpin-(\d+)-[0-9a-f]{12}\.tmp$/;
/** A leftover is only removed once it has not changed for this long (other pid namespaces). */
export const STALE_AFTER_MS = 60_000;

export function tempName(target: string, pid = process.pid): string {
  return join(
    dirname(target),
    `.${basename(target)}.digestpin-${pid}-${randomBytes(6).toString('hex')}.tmp`,
  );
}

/** Whether a process with this pid runs on this machine (EPERM: it does, as another user). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: unknown }).code === 'EPERM';
  }
}

/** Removes temporary files of killed runs from `dir`; returns the names removed. */
export async function sweepLeftovers(dir: string, now = Date.now()): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m || processAlive(Number(m[1]))) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile() || now - info.mtimeMs < STALE_AFTER_MS) continue;
    await unlink(path).then(
      () => removed.push(name),
      () => undefined,
    );
  }
  return removed;
}

async function writeTemp(target: string, text: string): Promise<string> {
  const info = await stat(target);
  const tmp = tempName(target);
  const handle = await open(tmp, 'wx', info.mode & 0o7777);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.chmod(info.mode & 0o7777);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return tmp;
}

/** Writes every file atomically; nothing is renamed unless every temporary file was written. */
export async function writeAllAtomically(files: FileWrite[]): Promise<void> {
  const temps: { tmp: string; target: string }[] = [];
  try {
    const targets: string[] = [];
    // write through a symlink to its target, so the link itself stays a link
    for (const f of files) targets.push(await realpath(f.path));
    for (const dir of new Set(targets.map((t) => dirname(t)))) await sweepLeftovers(dir);
    for (const [i, f] of files.entries()) {
      const target = targets[i] ?? f.path;
      temps.push({ tmp: await writeTemp(target, f.text), target });
    }
  } catch (err) {
    await Promise.all(temps.map((t) => unlink(t.tmp).catch(() => undefined)));
    const why = err instanceof Error ? err.message : String(err);
    throw new DigestpinError(
      'INVALID_INPUT',
      `could not write manifests: ${why}; no file was changed`,
      'Check that the manifest files and their folders are writable.',
      { cause: err },
    );
  }
  for (const t of temps) await rename(t.tmp, t.target);
}
