/**
 * All-or-nothing writes: every new text goes to a temporary file in the target's own folder (same
 * file system, same mode) first; only when all of them are written are they renamed over the
 * originals. A failure before the renames removes the temporary files and leaves every target as
 * it was. A run killed outright (SIGKILL, power loss) leaves every target either old or new (each
 * rename is atomic) and may leave temporary files: they are named `.<file>.digestpin-<pid>-<hex>.tmp`
 * (never read as manifests, which end in .yaml/.yml) and the next write to that folder removes
 * those whose process is gone.
 *
 * What a rename would lose is refused instead (INVALID_INPUT, nothing written): a file with other
 * hard links (they would keep the old text), one whose owner and group the new file cannot be
 * given (not running as root or as its owner), and one that changed after it was read.
 */
import { closeSync, openSync, readSync, writeSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { open, readdir, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DigestpinError } from '../errors.js';

export interface FileWrite {
  path: string;
  text: string;
  /** The text the new one was made from, as read: the file must still hold exactly it. */
  before: string;
}

/** `.<file>.digestpin-<pid>-<12 hex>.tmp`: the writer's pid tells a leftover from a live write. */
export const TEMP_NAME = /^\..+\.digestpin-(\d+)-[0-9a-f]{12}\.tmp$/;
/** A leftover is only removed once it has not changed for this long (other pid namespaces). */
export const STALE_AFTER_MS = 60_000;

/** Random bytes read at once from /dev/urandom, handed out a few at a time (one read per 64 names). */
const POOL = 384;
let pool: Buffer | undefined;
let poolUsed = POOL;

/**
 * `n` (at most POOL) random bytes in hex, from the kernel's generator: read from /dev/urandom
 * where there is one (a read instead of loading node:crypto, ~7 ms of a pin's run), else
 * node:crypto's randomBytes. A byte is never handed out twice.
 */
function randomHex(n: number): string {
  if (poolUsed + n > POOL) {
    try {
      const fresh = Buffer.alloc(POOL);
      const fd = openSync('/dev/urandom', 'r');
      try {
        if (readSync(fd, fresh, 0, POOL, null) === POOL) {
          pool = fresh;
          poolUsed = 0;
        }
      } finally {
        closeSync(fd);
      }
    } catch {
      // no /dev/urandom here (Windows, a bare container): node:crypto below
    }
  }
  if (pool && poolUsed + n <= POOL) {
    poolUsed += n;
    return pool.toString('hex', poolUsed - n, poolUsed);
  }
  const crypto = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return crypto.randomBytes(n).toString('hex');
}

export function tempName(target: string, pid = process.pid): string {
  return join(dirname(target), `.${basename(target)}.digestpin-${pid}-${randomHex(6)}.tmp`);
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

/**
 * UTF-16 units encoded at a time (at most 3 bytes each): texts are written and compared a slice at
 * a time through one small buffer instead of being encoded whole into a buffer as large as the
 * file (a fresh multi-megabyte buffer costs more in page faults than the encoding itself). The
 * slices are written and read with synchronous calls on the open handle's descriptor: ~50 slices
 * each way for 3 MB, and a thread-pool round trip per slice cost more than the copies themselves
 * (a 3.2 MB write and check: 27.6 ms asynchronous, 22.4 ms synchronous, medians of 6).
 */
const SLICE = 64 * 1024;

/** A buffer for one slice of `text`: no larger than the text needs (small files, small buffers). */
function sliceBuffer(text: string): Buffer {
  return Buffer.allocUnsafe(Math.max(1, Math.min(SLICE, text.length) * 3));
}

/** Where the slice of `text` from `i` ends: SLICE units on, never between a surrogate pair. */
function sliceEnd(text: string, i: number): number {
  const j = Math.min(i + SLICE, text.length);
  const last = text.charCodeAt(j - 1);
  return j < text.length && last >= 0xd800 && last <= 0xdbff ? j - 1 : j;
}

/** Writes `text` as UTF-8 at the handle's position (as `handle.writeFile(text, 'utf8')`). */
function writeText(handle: FileHandle, text: string): void {
  const buf = sliceBuffer(text);
  for (let i = 0; i < text.length;) {
    const j = sliceEnd(text, i);
    const n = buf.write(text.slice(i, j), 'utf8');
    for (let done = 0; done < n;) done += writeSync(handle.fd, buf, done, n - done);
    i = j;
  }
}

/** Reads up to `length` bytes at `position` into `buf`; returns how many came (fewer at the end). */
function readAt(handle: FileHandle, buf: Buffer, length: number, position: number): number {
  let got = 0;
  while (got < length) {
    const bytesRead = readSync(handle.fd, buf, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}

/** Whether the file at `path` holds exactly `text` in UTF-8 (false when it cannot be read). */
async function holdsExactly(path: string, text: string): Promise<boolean> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return false;
  try {
    const want = sliceBuffer(text);
    const got = sliceBuffer(text);
    let position = 0;
    for (let i = 0; i < text.length;) {
      const j = sliceEnd(text, i);
      const n = want.write(text.slice(i, j), 'utf8');
      if (readAt(handle, got, n, position) !== n) return false;
      if (got.compare(want, 0, n, 0, n) !== 0) return false;
      position += n;
      i = j;
    }
    return readAt(handle, got, 1, position) === 0;
  } catch {
    return false;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function refuse(message: string, hint: string): never {
  throw new DigestpinError('INVALID_INPUT', `${message}; nothing was written`, hint);
}

/** The real file behind `f.path` and its state; refuses what a rename over it would lose. */
async function targetOf(f: FileWrite): Promise<{ target: string; info: Stats }> {
  // write through a symlink to its target, so the link itself stays a link
  const target = await realpath(f.path);
  const info = await stat(target);
  if (!info.isFile()) refuse(`${f.path}: not a regular file`, 'Pass regular manifest files only.');
  if (info.nlink > 1) {
    refuse(
      `${f.path}: has ${info.nlink} hard links, which a new file renamed over it would leave with the old text`,
      'digestpin replaces files atomically and does not write in place: make this name a copy of its own (cp --remove-destination) or a symlink, then run again.',
    );
  }
  return { target, info };
}

/** Writes `text` beside `target` with its mode, owner and group; removes the file if that fails. */
async function writeTemp(
  target: string,
  info: Stats,
  shown: string,
  text: string,
): Promise<string> {
  const tmp = tempName(target);
  const handle = await open(tmp, 'wx', info.mode & 0o7777);
  try {
    writeText(handle, text);
    const mine = await handle.stat();
    if (mine.uid !== info.uid || mine.gid !== info.gid) {
      await handle
        .chown(info.uid, info.gid)
        .catch(() =>
          refuse(
            `${shown}: owned by uid ${info.uid}, gid ${info.gid}, which digestpin (uid ${mine.uid}) cannot give its new text, so replacing it would change its owner`,
            'Run digestpin as the owner of the file (or as root), or give the file to the user that runs digestpin.',
          ),
        );
    }
    // after chown, which clears set-id bits
    await handle.chmod(info.mode & 0o7777);
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await handle.close();
  return tmp;
}

/** Refuses (INVALID_INPUT) when the file no longer holds the text the new one was made from. */
async function assertUnchanged(f: FileWrite, target: string): Promise<void> {
  if (await holdsExactly(target, f.before)) return;
  refuse(
    `${f.path}: changed since digestpin read it (another process wrote it meanwhile)`,
    'Run again once the other writer is done; its changes were kept.',
  );
}

/**
 * Writes every file atomically; nothing is renamed unless every temporary file was written and
 * every target still holds exactly the text it was read with (checked after the temporary files
 * are written, just before the renames).
 */
export async function writeAllAtomically(files: FileWrite[]): Promise<void> {
  const temps: { tmp: string; target: string }[] = [];
  try {
    const targets: { target: string; info: Stats }[] = [];
    for (const f of files) targets.push(await targetOf(f));
    for (const dir of new Set(targets.map((t) => dirname(t.target)))) await sweepLeftovers(dir);
    for (const [i, f] of files.entries()) {
      const { target, info } = targets[i] ?? (await targetOf(f));
      temps.push({ tmp: await writeTemp(target, info, f.path, f.text), target });
    }
    for (const [i, f] of files.entries()) await assertUnchanged(f, temps[i]?.target ?? f.path);
  } catch (err) {
    await Promise.all(temps.map((t) => unlink(t.tmp).catch(() => undefined)));
    if (err instanceof DigestpinError) throw err;
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
