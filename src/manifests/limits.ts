/**
 * Bounds on what a manifest file may cost to read: manifests come from pull requests, so a file
 * can be hostile. A file over MAX_MANIFEST_BYTES is refused before it is read (a 50 MB flow-style
 * file takes gigabytes of memory in the YAML parser); nesting too deep for the parser's stack is
 * reported as such (locate.ts), and aliases are walked once (locate.ts), so an alias bomb costs
 * what its text costs. Only regular files are read, and only valid UTF-8 (readManifest).
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { DigestpinError } from '../errors.js';

/** 8 MiB: above real manifests (large CRD bundles are a few MiB); a flow-style file this size takes about 1 GB of memory and 12 s to parse. */
export const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;

const MIB = 1024 * 1024;

function limitText(max: number): string {
  return max % MIB === 0 ? `${max / MIB} MiB` : `${max}-byte`;
}

function tooLarge(
  shown: string,
  bytes: number | undefined,
  max = MAX_MANIFEST_BYTES,
): DigestpinError {
  const size = bytes === undefined ? 'over' : `${(bytes / MIB).toFixed(1)} MiB, over`;
  return new DigestpinError(
    'INVALID_INPUT',
    `${shown}: file is ${size} the ${limitText(max)} limit for a manifest; nothing was read or written`,
    'Split the file, or pass only the folders that hold your manifests (generated or vendored files this large are refused as a protection against hostile input).',
  );
}

/** Throws INVALID_INPUT when `text` is over the size limit (for text that did not come from a file). */
export function checkManifestSize(shown: string, text: string): void {
  if (text.length > MAX_MANIFEST_BYTES) throw tooLarge(shown, Buffer.byteLength(text, 'utf8'));
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'not a file';
}

/** The offset of the first byte that does not start a valid UTF-8 sequence (RFC 3629). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const c = bytes[i] ?? 0;
    if (c < 0x80) {
      i++;
      continue;
    }
    const n =
      c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (n === 0 || i + n >= bytes.length) return i;
    for (let k = 1; k <= n; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    const c1 = bytes[i + 1] ?? 0;
    // overlong 3- and 4-byte forms, UTF-16 surrogates, above U+10FFFF
    if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f)) return i;
    if ((c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return i;
    i += n + 1;
  }
  return -1;
}

/**
 * The text of `bytes`, or INVALID_INPUT at `path:line:column` (of the first invalid byte): a
 * lenient decoder would read U+FFFD where Kubernetes' reader stops with an error.
 */
export function decodeManifest(shown: string, data: Uint8Array): string {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  // ASCII (most manifests) is valid UTF-8, and much faster to tell
  if (isAscii(bytes) || isUtf8(bytes)) return bytes.toString('utf8');
  const offset = Math.max(0, firstInvalidUtf8(bytes));
  const lineStart = bytes.lastIndexOf(0x0a, offset - 1) + 1;
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++;
  const column = offset - lineStart + 1;
  const hex = (bytes[offset] ?? 0).toString(16).padStart(2, '0');
  return fail(
    `${shown}:${line}:${column}: not valid UTF-8 (byte ${offset}: 0x${hex}); nothing was written`,
    'Kubernetes reads manifests as UTF-8: convert the file (e.g. `iconv -f latin1 -t utf-8`), or remove the stray bytes.',
  );
}

function fail(message: string, hint: string): never {
  throw new DigestpinError('INVALID_INPUT', message, hint);
}

/** Reads the whole file, refusing it (INVALID_INPUT) once more than `max` bytes come. */
async function readCapped(
  handle: FileHandle,
  shown: string,
  size: number,
  max: number,
): Promise<Buffer> {
  let buf = Buffer.allocUnsafe(Math.min(Math.max(size, 64 * 1024), max) + 1);
  let length = 0;
  for (;;) {
    if (length === buf.length) {
      if (length > max) throw tooLarge(shown, undefined, max);
      const grown = Buffer.allocUnsafe(Math.min(buf.length * 2, max + 1));
      buf.copy(grown, 0, 0, length);
      buf = grown;
    }
    const { bytesRead } = await handle.read(buf, length, buf.length - length, null);
    if (bytesRead === 0) return buf.subarray(0, length);
    length += bytesRead;
  }
}

/**
 * Reads a manifest as UTF-8. Only a regular file is read (a symlink is judged by its target: the
 * fstat of the opened file); it is opened non-blocking, so a FIFO cannot hang the run. A file over
 * `max` bytes (by its size, or by what it yields: /proc files say 0) or not valid UTF-8 is refused
 * (INVALID_INPUT, with the path).
 */
export async function readManifest(
  file: string,
  shown = file,
  max = MAX_MANIFEST_BYTES,
): Promise<string> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      fail(
        `${shown}: not a regular file (${kindOf(info)}); nothing was read or written`,
        'Pass manifest files or the folders that hold them; digestpin reads regular files only.',
      );
    }
    if (info.size > max) throw tooLarge(shown, info.size, max);
    return decodeManifest(shown, await readCapped(handle, shown, info.size, max));
  } finally {
    await handle.close();
  }
}

/** Files read at once by readManifestsInBatches: bounded, so a large tree cannot exhaust file handles. */
const READ_CONCURRENCY = 64;

/**
 * Reads `files` with readManifest, READ_CONCURRENCY at a time, and hands each text to `visit` in
 * file order as soon as its batch is read (`shown` names a file in errors and in `visit`).
 */
export async function readManifestsInBatches(
  files: string[],
  shown: (file: string) => string,
  visit: (file: string, shown: string, text: string) => void | Promise<void>,
): Promise<void> {
  for (let i = 0; i < files.length; i += READ_CONCURRENCY) {
    const batch = files
      .slice(i, i + READ_CONCURRENCY)
      .map((file) => ({ file, shown: shown(file) }));
    const texts = await Promise.all(batch.map((f) => readManifest(f.file, f.shown)));
    for (const [k, f] of batch.entries()) await visit(f.file, f.shown, texts[k] ?? '');
  }
}
