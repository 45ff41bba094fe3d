/**
 * All-or-nothing writes: every new text goes to a temporary file in the target's own folder (same
 * file system, same mode) first; only when all of them are written are they renamed over the
 * originals. A failure before the renames removes the temporary files and leaves every target as
 * it was.
 */
import { randomBytes } from 'node:crypto';
import { open, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DigestpinError } from '../errors.js';

export interface FileWrite {
  path: string;
  text: string;
}

async function writeTemp(target: string, text: string): Promise<string> {
  const info = await stat(target);
  const tmp = join(
    dirname(target),
    `.${basename(target)}.digestpin-${randomBytes(6).toString('hex')}.tmp`,
  );
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
    for (const f of files) {
      // write through a symlink to its target, so the link itself stays a link
      const target = await realpath(f.path);
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
