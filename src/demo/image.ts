/**
 * Writes OCI image layouts in-process (no Docker), for `skopeo copy oci:<dir>:<tag> …`.
 *
 *     const img = await writeOciImage(dir, { layers: [{ size: 1 << 20 }], tag: 't1' });
 *     // img.ref === `oci:${dir}:t1`, img.manifestDigest is the OCI manifest digest
 *
 * Layers are real gzipped tar files holding one regular file of the chosen size. Content is
 * deterministic (AES-CTR keystream from a seed: same options, same digests) or random. Everything
 * is streamed in 1 MiB chunks, so a 256 MiB layer never sits in memory.
 * With `platforms`, the tag points to an OCI image index with one image per platform.
 * Writing several tags into the same `dir` adds them to the layout's index.json.
 */
import { createCipheriv, createHash, randomBytes, type Hash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { OCI_INDEX, OCI_MANIFEST } from '../registry/media-types.js';

export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
const REF_NAME = 'org.opencontainers.image.ref.name';
const CHUNK = 1 << 20;

export interface LayerSpec {
  /** Size in bytes of the file inside the layer's tar. */
  size: number;
  /** Seed for deterministic content; defaults to the layer's position (and platform). */
  seed?: string;
  /** Fresh random content (new digests every call). */
  random?: boolean;
}

export interface OciImageOptions {
  layers?: LayerSpec[];
  /** Tag in the layout's index.json; default 'latest'. */
  tag?: string;
  /** e.g. ['linux/amd64', 'linux/arm64']: write a multi-platform index. */
  platforms?: string[];
  /** Config labels (config.config.Labels). */
  labels?: Record<string, string>;
  /**
   * gzip level for layers. Default 0 (stored deflate blocks: still a valid gzip stream): the
   * content is incompressible anyway, so compressing it would only cost time.
   */
  gzipLevel?: number;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

export interface OciImage {
  dir: string;
  tag: string;
  /** 'oci:<dir>:<tag>' */
  ref: string;
  /** Digest the tag points to: the image manifest, or the index with `platforms`. */
  manifestDigest: string;
  /** Set only with `platforms`: the image index digest (same as manifestDigest). */
  indexDigest?: string;
  /** platform ('linux/amd64'; '' for a single image without `platforms`) -> manifest digest. */
  manifestDigests: Map<string, string>;
  /** platform ('linux/amd64'; '' for a single image without `platforms`) -> config digest. */
  configDigests: Map<string, string>;
  /** Every layer blob written, in order. */
  layers: (Descriptor & { diffId: string })[];
}

const sha256 = (data: Buffer | string): string =>
  'sha256:' + createHash('sha256').update(data).digest('hex');

function tarHeader(name: string, size: number): Buffer {
  const header = Buffer.alloc(512);
  const put = (value: string, offset: number, length: number): void => {
    header.write(value, offset, length, 'utf8');
  };
  const octal = (n: number, length: number): string => n.toString(8).padStart(length - 1, '0');
  put(name, 0, 100);
  put(octal(0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8); // uid
  put(octal(0, 8), 116, 8); // gid
  put(octal(size, 12), 124, 12);
  put(octal(0, 12), 136, 12); // mtime: deterministic
  put('        ', 148, 8); // checksum placeholder (spaces)
  put('0', 156, 1); // regular file
  put('ustar\u000000', 257, 8);
  let sum = 0;
  for (const byte of header) sum += byte;
  put(sum.toString(8).padStart(6, '0') + '\u0000 ', 148, 8);
  return header;
}

/** The uncompressed tar stream: header, `size` bytes of content, padding, end-of-archive. */
function* tarStream(name: string, size: number, key: Buffer): Generator<Buffer> {
  yield tarHeader(name, size);
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  const zeros = Buffer.alloc(CHUNK);
  for (let left = size; left > 0; left -= CHUNK) {
    yield cipher.update(left >= CHUNK ? zeros : zeros.subarray(0, left));
  }
  const padding = (512 - (size % 512)) % 512;
  yield Buffer.alloc(padding + 1024);
}

function tap(hash: Hash, counter?: { bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      if (counter) counter.bytes += chunk.length;
      callback(null, chunk);
    },
  });
}

async function writeBlob(blobsDir: string, data: Buffer | string): Promise<Descriptor> {
  const digest = sha256(data);
  await writeFile(path.join(blobsDir, digest.slice('sha256:'.length)), data);
  return { mediaType: '', digest, size: Buffer.byteLength(data) };
}

async function writeLayer(
  blobsDir: string,
  spec: LayerSpec,
  defaultSeed: string,
  level: number,
): Promise<Descriptor & { diffId: string }> {
  const key = spec.random
    ? randomBytes(32)
    : createHash('sha256')
        .update(`digestpin-layer:${spec.seed ?? defaultSeed}`)
        .digest();
  const diff = createHash('sha256');
  const blob = createHash('sha256');
  const counter = { bytes: 0 };
  const tmp = path.join(blobsDir, `.tmp-${randomBytes(8).toString('hex')}`);
  const name = `data/${key.toString('hex').slice(0, 16)}.bin`;
  await pipeline(
    tarStream(name, spec.size, key),
    tap(diff),
    createGzip({ level }),
    tap(blob, counter),
    createWriteStream(tmp),
  );
  const digest = 'sha256:' + blob.digest('hex');
  await rename(tmp, path.join(blobsDir, digest.slice('sha256:'.length)));
  return {
    mediaType: OCI_LAYER_GZIP,
    digest,
    size: counter.bytes,
    diffId: 'sha256:' + diff.digest('hex'),
  };
}

function parsePlatform(platform: string): { os: string; architecture: string; variant?: string } {
  const [os, architecture, variant] = platform.split('/');
  if (!os || !architecture) throw new Error(`platform ${platform}: expected os/arch[/variant]`);
  return variant ? { os, architecture, variant } : { os, architecture };
}

async function writeImage(
  blobsDir: string,
  options: OciImageOptions,
  platform: string,
  result: OciImage,
): Promise<Descriptor> {
  const { os, architecture, variant } = parsePlatform(platform || 'linux/amd64');
  const layers = [];
  const specs = options.layers ?? [{ size: 1024 }];
  for (const [i, spec] of specs.entries()) {
    const seed = `${options.tag ?? 'latest'}/${platform}/${i}`;
    layers.push(await writeLayer(blobsDir, spec, seed, options.gzipLevel ?? 0));
  }
  result.layers.push(...layers);
  const config = {
    created: '1970-01-01T00:00:00Z',
    architecture,
    os,
    ...(variant ? { variant } : {}),
    config: { Labels: options.labels ?? {}, Cmd: ['/bin/true'] },
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    history: layers.map(() => ({ created: '1970-01-01T00:00:00Z', created_by: 'digestpin test' })),
  };
  const configDesc = {
    ...(await writeBlob(blobsDir, JSON.stringify(config))),
    mediaType: OCI_CONFIG,
  };
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: configDesc,
    layers: layers.map(({ mediaType, digest, size }) => ({ mediaType, digest, size })),
  };
  const desc = {
    ...(await writeBlob(blobsDir, JSON.stringify(manifest))),
    mediaType: OCI_MANIFEST,
  };
  result.configDigests.set(platform, configDesc.digest);
  result.manifestDigests.set(platform, desc.digest);
  return desc;
}

interface LayoutIndex {
  schemaVersion: 2;
  mediaType?: string;
  manifests: (Descriptor & { annotations?: Record<string, string> })[];
}

async function readLayoutIndex(dir: string): Promise<LayoutIndex> {
  try {
    return JSON.parse(await readFile(path.join(dir, 'index.json'), 'utf8')) as LayoutIndex;
  } catch {
    return { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] };
  }
}

export async function writeOciImage(dir: string, options: OciImageOptions = {}): Promise<OciImage> {
  const tag = options.tag ?? 'latest';
  const blobsDir = path.join(dir, 'blobs', 'sha256');
  await mkdir(blobsDir, { recursive: true });
  const result: OciImage = {
    dir,
    tag,
    ref: `oci:${dir}:${tag}`,
    manifestDigest: '',
    manifestDigests: new Map(),
    configDigests: new Map(),
    layers: [],
  };
  let top: Descriptor;
  if (options.platforms && options.platforms.length > 0) {
    const manifests = [];
    for (const platform of options.platforms) {
      const desc = await writeImage(blobsDir, { ...options, tag }, platform, result);
      manifests.push({ ...desc, platform: parsePlatform(platform) });
    }
    const index = { schemaVersion: 2, mediaType: OCI_INDEX, manifests };
    top = { ...(await writeBlob(blobsDir, JSON.stringify(index))), mediaType: OCI_INDEX };
    result.indexDigest = top.digest;
  } else {
    top = await writeImage(blobsDir, { ...options, tag }, '', result);
  }
  result.manifestDigest = top.digest;
  const layout = await readLayoutIndex(dir);
  layout.manifests = layout.manifests.filter((m) => m.annotations?.[REF_NAME] !== tag);
  layout.manifests.push({ ...top, annotations: { [REF_NAME]: tag } });
  await writeFile(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(path.join(dir, 'index.json'), JSON.stringify(layout));
  return result;
}
