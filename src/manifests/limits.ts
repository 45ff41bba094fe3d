/**
 * Bounds on what a manifest file may cost to read: manifests come from pull requests, so a file
 * can be hostile. A file over MAX_MANIFEST_BYTES is refused before it is read (a 50 MB flow-style
 * file takes gigabytes of memory in the YAML parser); nesting too deep for the parser's stack is
 * reported as such (locate.ts), and aliases are walked once (locate.ts), so an alias bomb costs
 * what its text costs.
 */
import { isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import { DigestpinError } from '../errors.js';

/** 8 MiB: above real manifests (large CRD bundles are a few MiB); a flow-style file this size takes about 1 GB of memory and 12 s to parse. */
export const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;

function tooLarge(shown: string, bytes: number): DigestpinError {
  const mib = (bytes / 1024 / 1024).toFixed(1);
  return new DigestpinError(
    'INVALID_INPUT',
    `${shown}: file is ${mib} MiB, over the ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB limit for a manifest; nothing was read or written`,
    'Split the file, or pass only the folders that hold your manifests (generated or vendored files this large are refused as a protection against hostile input).',
  );
}

/** Throws INVALID_INPUT when `text` is over the size limit (for text that did not come from a file). */
export function checkManifestSize(shown: string, text: string): void {
  if (text.length > MAX_MANIFEST_BYTES) throw tooLarge(shown, Buffer.byteLength(text, 'utf8'));
}

/**
 * `bytes` as UTF-8; refuses (MALFORMED_YAML, at the first bad byte) bytes that are not UTF-8:
 * a lenient decoder would read U+FFFD where Kubernetes' reader stops with an error.
 */
export function decodeManifest(shown: string, bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // isUtf8 (simdutf) then toString: several times faster than a fatal TextDecoder here
  if (isUtf8(buffer)) return buffer.toString('utf8');
  const text = buffer.toString('utf8');
  let at = text.indexOf('\ufffd');
  // a U+FFFD written in the file is valid: find the first one that replaced bad bytes
  while (at !== -1) {
    const offset = Buffer.byteLength(text.slice(0, at));
    if (!(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd))
      break;
    at = text.indexOf('\ufffd', at + 1);
  }
  const before = text.slice(0, Math.max(at, 0));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  throw new DigestpinError(
    'MALFORMED_YAML',
    `${shown}:${line}:${column}: not valid UTF-8; refused (nothing was written)`,
    'Save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8).',
  );
}

/** Reads a manifest as UTF-8, refusing (INVALID_INPUT) one over the size limit before reading it. */
export async function readManifest(file: string, shown = file): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size > MAX_MANIFEST_BYTES) throw tooLarge(shown, size);
    return decodeManifest(shown, await handle.readFile());
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
