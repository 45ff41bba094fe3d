/**
 * The push source: its transport, and the config digest(s) of the image it holds, which decide
 * "same image" against a tag that already exists (DESIGN.md "push: the overwrite rule"). Layers of
 * daemon and archive sources are recompressed on every push, so manifests cannot be compared;
 * configs are copied byte for byte by skopeo (also when converting OCI <-> v2s2).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { jsonErrorPosition } from '../json-position.js';
import { readSmallTarFiles } from './tar.js';
import { DigestpinError } from '../errors.js';
import { indexEntries, parseManifest } from '../registry/manifest.js';
import { skopeoInspectRaw, type SkopeoInspectOptions } from './skopeo.js';

const TRANSPORTS = [
  'docker://',
  'docker-daemon:',
  'docker-archive:',
  'oci:',
  'oci-archive:',
  'dir:',
  'containers-storage:',
];

/** A bare `app:dev` means `docker-daemon:app:dev`. */
export function normalizeSource(source: string): string {
  if (source.trim() === '')
    throw new DigestpinError(
      'INVALID_REFERENCE',
      'the push source is empty',
      'e.g. oci:dir:tag or docker-daemon:app:dev',
    );
  return TRANSPORTS.some((t) => source.startsWith(t)) ? source : `docker-daemon:${source}`;
}

const ARCHIVE_NAME = /\.(tar|tar\.gz|tgz|tar\.zst)$/i;

/** What an archive holds: a `docker save` archive (manifest.json) or an OCI layout (oci-layout). */
async function archiveKind(file: string): Promise<'docker' | 'oci' | undefined> {
  const names = new Set(['manifest.json', 'oci-layout', 'index.json']);
  const files = await readSmallTarFiles(file, 1024 * 1024, (n) => names.has(n)).catch(
    () => new Map<string, Buffer>(),
  );
  if (files.has('oci-layout') || (files.has('index.json') && !files.has('manifest.json')))
    return 'oci';
  return files.has('manifest.json') ? 'docker' : undefined;
}

const isFile = (file: string): Promise<boolean> =>
  fs.promises.stat(file).then(
    (st) => st.isFile(),
    () => false,
  );

/**
 * Catches the sources that skopeo would misread or fail on with a message that sends people the
 * wrong way, before anything is pushed: a bare file name (read as a docker-daemon image), an OCI
 * archive given as docker-archive: (and the reverse), and a docker archive whose manifest.json is
 * not JSON (SOURCE_NOT_FOUND, exit 6, with the parse position).
 */
export async function checkSource(given: string, source: string): Promise<void> {
  if (source === `docker-daemon:${given}` && (ARCHIVE_NAME.test(given) || (await isFile(given)))) {
    const kind = (await isFile(given)) ? await archiveKind(given) : undefined;
    const suggestion =
      kind === 'oci'
        ? `oci-archive:${given} (it is an OCI archive)`
        : kind === 'docker'
          ? `docker-archive:${given} (it is a docker save archive)`
          : `docker-archive:${given} (docker save) or oci-archive:${given} (buildx --output type=oci)`;
    throw new DigestpinError(
      'INVALID_REFERENCE',
      `${given} looks like an image archive, but a source without a transport is read as a Docker daemon image (docker-daemon:${given})`,
      `Name the archive's format: digestpin push ${suggestion.split(' (')[0]} <repository>; that is ${suggestion}.`,
    );
  }
  const archive = /^(docker|oci)-archive:/.exec(source);
  if (!archive) return;
  const { file } = splitPathRef(source.slice(archive[0].length));
  if (!(await isFile(file))) return; // skopeo names a missing file well
  const kind = await archiveKind(file);
  const want = archive[1] === 'docker' ? 'docker' : 'oci';
  if (kind && kind !== want) {
    const right = `${kind === 'oci' ? 'oci-archive' : 'docker-archive'}:${source.slice(archive[0].length)}`;
    throw new DigestpinError(
      'INVALID_REFERENCE',
      `${source}: ${file} is ${kind === 'oci' ? 'an OCI archive (oci-layout, index.json)' : 'a docker save archive (manifest.json)'}, not a ${want === 'oci' ? 'OCI' : 'docker'} archive`,
      `Use ${right}`,
    );
  }
  if (want === 'docker' && kind === 'docker') {
    const files = await readSmallTarFiles(file, 4 * 1024 * 1024, (n) => n === 'manifest.json');
    const manifest = files.get('manifest.json');
    if (manifest) parseDockerArchiveManifest(manifest, source);
  }
}

interface DockerArchiveEntry {
  Config?: string;
  RepoTags?: string[];
}

/** manifest.json of a docker save archive; not JSON → SOURCE_NOT_FOUND with the parse position. */
function parseDockerArchiveManifest(bytes: Buffer, source: string): DockerArchiveEntry[] {
  let parsed: unknown;
  const text = bytes.toString('utf8');
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    const where = jsonErrorPosition(text);
    throw new DigestpinError(
      'SOURCE_NOT_FOUND',
      `${source}: manifest.json in the archive is not valid JSON${where ? ` at ${where}` : ''} (${err instanceof Error ? err.message : String(err)})`,
      'The archive is damaged or was not written by docker save; write it again (docker save -o app.tar app:dev).',
    );
  }
  if (!Array.isArray(parsed))
    throw new DigestpinError(
      'SOURCE_NOT_FOUND',
      `${source}: manifest.json in the archive is not a list of images`,
      'The archive is damaged or was not written by docker save; write it again (docker save -o app.tar app:dev).',
    );
  return parsed as DockerArchiveEntry[];
}

/** platform ('linux/amd64', '' for a single manifest) -> config digest. */
export type ConfigDigests = Map<string, string>;

interface Descriptor {
  digest?: string;
  annotations?: Record<string, string>;
}
interface IndexJson {
  manifests?: Descriptor[];
}

/** The platform skopeo picks from a list without --all (`linux/amd64` on x64). */
export function systemPlatform(arch: string = process.arch): string {
  const map: Record<string, string> = { x64: 'amd64', ia32: '386', ppc64: 'ppc64le' };
  return `linux/${map[arch] ?? arch}`;
}

function unreadable(what: string): DigestpinError {
  return new DigestpinError(
    'SOURCE_NOT_FOUND',
    `${what} is not an image manifest or index`,
    'The source image is damaged or not an image; rebuild it.',
  );
}

/**
 * From a manifest or index, read through `blob(digest)`, the config digests that a push with
 * or without --all writes (platform keys as RegistryClient.configDigests gives them).
 */
export async function configDigestsOf(
  top: Buffer,
  all: boolean,
  blob: (digest: string) => Promise<Buffer>,
  what: string,
): Promise<ConfigDigests> {
  const m = parseManifest(top);
  if (m.configDigest) return new Map([['', m.configDigest]]);
  if (!m.manifests) throw unreadable(what);
  const entries = indexEntries(m.manifests);
  if (!all) {
    const sys = systemPlatform();
    const pick = entries.find((e) => e.platform === sys || e.platform.startsWith(`${sys}/`));
    if (!pick)
      throw new DigestpinError(
        'SOURCE_NOT_FOUND',
        `${what} has no ${sys} image (it has: ${entries.map((e) => e.platform).join(', ') || 'none'})`,
        'Push every platform with --all, or build the image for this platform.',
      );
    return configDigestsOf(await blob(pick.digest), false, blob, `${what}@${pick.digest}`);
  }
  const out: ConfigDigests = new Map();
  for (const e of entries) {
    const child = parseManifest(await blob(e.digest));
    if (!child.configDigest) throw unreadable(`${what}@${e.digest}`);
    out.set(e.platform, child.configDigest);
  }
  if (out.size === 0) throw unreadable(what);
  return out;
}

function parseIndex(bytes: Buffer, what: string): IndexJson {
  try {
    return JSON.parse(bytes.toString('utf8')) as IndexJson;
  } catch {
    throw unreadable(what);
  }
}

function sha256(buf: Buffer): string {
  return `sha256:${crypto.createHash('sha256').update(buf).digest('hex')}`;
}

/** Splits `path[:ref]` the way containers/image does for oci: and archives (first colon). */
function splitPathRef(spec: string): { file: string; ref?: string } {
  const i = spec.indexOf(':');
  return i === -1
    ? { file: spec }
    : { file: spec.slice(0, i), ref: spec.slice(i + 1) || undefined };
}

function notFound(source: string, why: string): DigestpinError {
  return new DigestpinError(
    'SOURCE_NOT_FOUND',
    `source ${source} not found: ${why}`,
    'Build the image first, or fix the path and tag.',
  );
}

/** Finds the descriptor for `ref` in an OCI index.json. */
function pickOciRef(index: IndexJson, ref: string | undefined, source: string): string {
  const ms = index.manifests ?? [];
  const hit = ref
    ? ms.find((d) => d.annotations?.['org.opencontainers.image.ref.name'] === ref)
    : ms.length === 1
      ? ms[0]
      : undefined;
  if (!hit?.digest)
    throw notFound(
      source,
      ref
        ? `no image tagged "${ref}" in the layout`
        : 'the layout holds several images; name one (oci:dir:tag)',
    );
  return hit.digest;
}

async function readFileOr(file: string, source: string): Promise<Buffer> {
  try {
    return await fs.promises.readFile(file);
  } catch (err) {
    throw notFound(source, err instanceof Error ? err.message : String(err));
  }
}

function fromFiles(files: Map<string, Buffer>, source: string) {
  return (digest: string): Promise<Buffer> => {
    const [alg, hex] = digest.split(':');
    const b = files.get(`blobs/${alg}/${hex}`);
    return b ? Promise.resolve(b) : Promise.reject(notFound(source, `blob ${digest} missing`));
  };
}

/**
 * The top manifest (or index) of an `oci:` or `oci-archive:` source and a reader for its blobs
 * (from an archive, the files up to 4 MiB are read at once, a larger one when asked for);
 * undefined for other transports.
 */
export async function openOciSource(
  source: string,
): Promise<{ top: Buffer; blob: (digest: string) => Promise<Buffer> } | undefined> {
  if (source.startsWith('oci:')) {
    const { file, ref } = splitPathRef(source.slice(4));
    const index = parseIndex(await readFileOr(path.join(file, 'index.json'), source), source);
    const blob = (d: string) => readFileOr(path.join(file, 'blobs', ...d.split(':')), source);
    return { top: await blob(pickOciRef(index, ref, source)), blob };
  }
  if (!source.startsWith('oci-archive:')) return undefined;
  const { file, ref } = splitPathRef(source.slice(12));
  await fs.promises.access(file, fs.constants.R_OK).catch((err: unknown) => {
    throw notFound(source, err instanceof Error ? err.message : String(err));
  });
  const files = await readSmallTarFiles(file);
  const index = files.get('index.json');
  if (!index) throw notFound(source, 'no index.json in the archive');
  const small = fromFiles(files, source);
  // a blob over the small-file size (a large SBOM): one more pass over the headers, reading it only
  const blob = async (digest: string): Promise<Buffer> => {
    const name = `blobs/${digest.split(':').join('/')}`;
    if (files.has(name)) return small(digest);
    const found = (
      await readSmallTarFiles(
        file,
        0,
        (n) => n === name,
        (n) => n === name,
      )
    ).get(name);
    return found ?? Promise.reject(notFound(source, `blob ${digest} missing`));
  };
  return { top: await blob(pickOciRef(parseIndex(index, source), ref, source)), blob };
}

/** The config digests the push of `source` (normalised) will write. */
export async function sourceConfigDigests(
  source: string,
  all: boolean,
  inspect: Omit<SkopeoInspectOptions, 'config'>,
): Promise<ConfigDigests> {
  if (source.startsWith('oci:')) {
    const { file, ref } = splitPathRef(source.slice(4));
    const index = parseIndex(await readFileOr(path.join(file, 'index.json'), source), source);
    const blob = (d: string) => readFileOr(path.join(file, 'blobs', ...d.split(':')), source);
    return configDigestsOf(await blob(pickOciRef(index, ref, source)), all, blob, source);
  }
  if (source.startsWith('oci-archive:') || source.startsWith('docker-archive:')) {
    const oci = source.startsWith('oci-archive:');
    const { file, ref } = splitPathRef(source.slice(oci ? 12 : 15));
    await fs.promises.access(file, fs.constants.R_OK).catch((err: unknown) => {
      throw notFound(source, err instanceof Error ? err.message : String(err));
    });
    const files = await readSmallTarFiles(file);
    if (oci) {
      const index = files.get('index.json');
      if (!index) throw notFound(source, 'no index.json in the archive');
      const blob = fromFiles(files, source);
      return configDigestsOf(
        await blob(pickOciRef(parseIndex(index, source), ref, source)),
        all,
        blob,
        source,
      );
    }
    const manifest = files.get('manifest.json');
    if (!manifest) throw notFound(source, 'no manifest.json in the archive');
    const entries = parseDockerArchiveManifest(manifest, source);
    const entry = ref
      ? entries.find((e) => e.RepoTags?.some((t) => t === ref || t.endsWith(`/${ref}`)))
      : entries[0];
    const config = entry?.Config ? files.get(entry.Config.replace(/^\.\//, '')) : undefined;
    if (!config)
      throw notFound(
        source,
        ref ? `no image "${ref}" in the archive` : 'no image config in the archive',
      );
    return new Map([['', sha256(config)]]);
  }
  const raw = await skopeoInspectRaw(source, inspect);
  const base = source.startsWith('docker://')
    ? source.replace(/@.*$/, '').replace(/:[^/:]*$/, '')
    : undefined;
  return configDigestsOf(
    raw,
    all,
    (d) => {
      if (!base)
        throw notFound(
          source,
          'image lists are only supported from docker://, oci: and oci-archive: sources',
        );
      return skopeoInspectRaw(`${base}@${d}`, inspect);
    },
    source,
  );
}

interface SizedManifest {
  config?: { digest?: string; size?: number };
  layers?: { digest?: string; size?: number }[];
}

/**
 * How many blobs a push of a local OCI layout or OCI archive uploads at most, and their total
 * size (for the progress lines); undefined for other sources, or when it cannot be read cheaply.
 * `attestations` (with `all`): the index's attestation manifests are pushed too — always with
 * --format oci, and for v2s2 unless --attestations drop — so their blobs count.
 */
export async function sourcePlan(
  source: string,
  all: boolean,
  attestations = false,
): Promise<{ blobs: number; bytes: number } | undefined> {
  try {
    let blob: (digest: string) => Promise<Buffer>;
    let index: IndexJson;
    let ref: string | undefined;
    if (source.startsWith('oci:')) {
      const split = splitPathRef(source.slice(4));
      ref = split.ref;
      index = parseIndex(await readFileOr(path.join(split.file, 'index.json'), source), source);
      blob = (d) => readFileOr(path.join(split.file, 'blobs', ...d.split(':')), source);
    } else if (source.startsWith('oci-archive:')) {
      const split = splitPathRef(source.slice(12));
      ref = split.ref;
      const files = await readSmallTarFiles(split.file);
      const raw = files.get('index.json');
      if (!raw) return undefined;
      index = parseIndex(raw, source);
      blob = fromFiles(files, source);
    } else return undefined;
    const blobs = new Map<string, number>();
    const visit = async (digest: string): Promise<void> => {
      const bytes = await blob(digest);
      const m = parseManifest(bytes);
      if (m.manifests) {
        const entries = indexEntries(m.manifests);
        const sys = systemPlatform();
        const picked = all
          ? attestations
            ? // every manifest of the index: the attestation manifests indexEntries leaves out
              // are pushed too (by skopeo with --format oci, by the registry client for v2s2)
              m.manifests.flatMap((e) => {
                const digest = (e as { digest?: unknown } | null)?.digest;
                return typeof digest === 'string' ? [digest] : [];
              })
            : entries.map((e) => e.digest)
          : entries
              .filter((e) => e.platform === sys || e.platform.startsWith(`${sys}/`))
              .slice(0, 1)
              .map((e) => e.digest);
        for (const digest of picked) await visit(digest);
        return;
      }
      const doc = JSON.parse(bytes.toString('utf8')) as SizedManifest;
      for (const d of [doc.config, ...(doc.layers ?? [])])
        if (d?.digest && typeof d.size === 'number') blobs.set(d.digest, d.size);
    };
    await visit(pickOciRef(index, ref, source));
    if (blobs.size === 0) return undefined;
    return { blobs: blobs.size, bytes: [...blobs.values()].reduce((a, b) => a + b, 0) };
  } catch {
    return undefined; // the push itself reports an unreadable source
  }
}
