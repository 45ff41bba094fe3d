/**
 * Reads small files out of a (possibly huge) uncompressed tar without reading the big ones:
 * headers are read one by one and file bodies are skipped by offset. Used to read the config
 * digests of docker-archive: and oci-archive: sources without extracting them.
 */
import fs from 'node:fs';

const BLOCK = 512;

function field(buf: Buffer, start: number, len: number): string {
  const raw = buf.subarray(start, start + len);
  const nul = raw.indexOf(0);
  return raw.subarray(0, nul === -1 ? len : nul).toString('utf8');
}

function octal(buf: Buffer, start: number, len: number): number {
  const first = buf[start] ?? 0;
  if (first & 0x80) {
    // base-256 (GNU) for sizes >= 8 GiB
    let n = 0;
    for (let i = start + 1; i < start + len; i++) n = n * 256 + (buf[i] ?? 0);
    return n;
  }
  const s = field(buf, start, len).trim();
  return s ? parseInt(s, 8) : 0;
}

function paxPath(body: Buffer): string | undefined {
  let pos = 0;
  while (pos < body.length) {
    const sp = body.indexOf(0x20, pos);
    if (sp === -1) break;
    const len = parseInt(body.subarray(pos, sp).toString('utf8'), 10);
    if (!Number.isFinite(len) || len <= 0) break;
    const rec = body.subarray(sp + 1, pos + len - 1).toString('utf8');
    const eq = rec.indexOf('=');
    if (rec.slice(0, eq) === 'path') return rec.slice(eq + 1);
    pos += len;
  }
  return undefined;
}

function normalise(name: string): string {
  return name.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

/**
 * Returns every regular file of the tar whose size is at most `maxSize` (or that `wanted` names),
 * by normalised path. Larger files are skipped without being read.
 */
export async function readSmallTarFiles(
  file: string,
  maxSize = 4 * 1024 * 1024,
  /** Only files whose normalised path this accepts are read (default: all). */
  want: (name: string) => boolean = () => true,
  /** Of those, files read whatever their size (e.g. one blob named by digest). */
  anySize?: (name: string) => boolean,
): Promise<Map<string, Buffer>> {
  const fh = await fs.promises.open(file, 'r');
  const out = new Map<string, Buffer>();
  try {
    const header = Buffer.alloc(BLOCK);
    let offset = 0;
    let nextName: string | undefined;
    for (;;) {
      const { bytesRead } = await fh.read(header, 0, BLOCK, offset);
      if (bytesRead < BLOCK || header.every((b) => b === 0)) break;
      const size = octal(header, 124, 12);
      const type = String.fromCharCode(header[156] ?? 0x30);
      const prefix = field(header, 345, 155);
      let name = field(header, 0, 100);
      if (prefix && field(header, 257, 5) === 'ustar') name = `${prefix}/${name}`;
      const bodyOffset = offset + BLOCK;
      offset = bodyOffset + Math.ceil(size / BLOCK) * BLOCK;
      const readBody = async (): Promise<Buffer> => {
        const body = Buffer.alloc(size);
        await fh.read(body, 0, size, bodyOffset);
        return body;
      };
      if (type === 'x' || type === 'L') {
        const body = await readBody();
        nextName = type === 'x' ? paxPath(body) : field(body, 0, size);
        continue;
      }
      if (type === 'g') continue;
      if (nextName !== undefined) name = nextName;
      nextName = undefined;
      if (
        (type === '0' || type === '\0') &&
        want(normalise(name)) &&
        (size <= maxSize || anySize?.(normalise(name)))
      )
        out.set(normalise(name), await readBody());
    }
  } finally {
    await fh.close();
  }
  return out;
}
