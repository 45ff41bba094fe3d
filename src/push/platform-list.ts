/**
 * A multi-platform source read as buildx writes it (docs/multi-platform.md): the platform images
 * of its index and, beside them, the attestation manifests (`vnd.docker.reference.type:
 * attestation-manifest`, `platform: unknown/unknown`, in-toto layers) that a Docker v2s2 manifest
 * list cannot hold. Also writes the v2s2 list of the platform images once they are pushed.
 */
import { DigestpinError } from '../errors.js';
import { formatReference, parseReference } from '../reference.js';
import type { RegistryClient } from '../registry/client.js';
import { indexEntries, parseManifest } from '../registry/manifest.js';
import { DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_MANIFEST } from '../registry/media-types.js';
import { openOciSource } from './source.js';

const REFERENCE_TYPE = 'vnd.docker.reference.type';
const REFERENCE_DIGEST = 'vnd.docker.reference.digest';
const PREDICATE_TYPE = 'in-toto.io/predicate-type';

/** The platform of an index entry as the v2s2 list writes it. */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
  'os.version'?: string;
  'os.features'?: string[];
}

export interface SourcePlatformImage {
  /** OCI manifest digest in the source. */
  digest: string;
  /** `os/arch[/variant]` (the key RegistryClient.configDigests uses). */
  key: string;
  platform: Platform;
  configDigest: string;
}

export interface BlobDescriptor {
  mediaType: string;
  digest: string;
  size: number;
}

export interface SourceAttestation {
  digest: string;
  mediaType: string;
  size: number;
  /** The manifest bytes, pushed unchanged. */
  bytes: Buffer;
  /** The source (OCI) digest of the platform image it describes, when it says. */
  describes?: string;
  /** That image's platform key, or 'unknown'. */
  platformOf: string;
  /** The in-toto predicate types of its layers (e.g. https://slsa.dev/provenance/v0.2). */
  predicateTypes: string[];
  /** Config and layers: the blobs to push with it. */
  blobs: BlobDescriptor[];
  annotations: Record<string, string>;
}

export interface BuildxSource {
  images: SourcePlatformImage[];
  attestations: SourceAttestation[];
  /** Reads a blob of the source (the attestations' configs and layers). */
  blob: (digest: string) => Promise<Buffer>;
  /**
   * The skopeo source of one platform image, when it can be named by digest (`docker://repo@d`);
   * undefined: the index source with --override-os/-arch picks it (oci:, oci-archive:).
   */
  platformSource?: (digest: string) => string;
}

/** The top manifest of a source, and readers for its manifests and blobs by digest. */
export interface SourceReader {
  top: Buffer;
  manifest: (digest: string) => Promise<Buffer>;
  blob: (digest: string) => Promise<Buffer>;
  platformSource?: (digest: string) => string;
}

/** Reads a `docker://` source (the registry client of push; credentials from the usual files). */
export type RemoteReader = (source: string) => Promise<SourceReader | undefined>;

interface RawDescriptor {
  mediaType?: unknown;
  digest?: unknown;
  size?: unknown;
  platform?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

function isAttestation(d: RawDescriptor): boolean {
  const p = d.platform ?? {};
  return (
    d.annotations?.[REFERENCE_TYPE] === 'attestation-manifest' ||
    ((p.os ?? 'unknown') === 'unknown' && (p.architecture ?? 'unknown') === 'unknown')
  );
}

function platformOf(d: RawDescriptor): Platform {
  const p = d.platform ?? {};
  const out: Platform = { os: String(p.os), architecture: String(p.architecture) };
  if (typeof p.variant === 'string' && p.variant) out.variant = p.variant;
  if (typeof p['os.version'] === 'string') out['os.version'] = p['os.version'];
  if (Array.isArray(p['os.features'])) out['os.features'] = p['os.features'].map(String);
  return out;
}

function blobDescriptor(d: unknown): BlobDescriptor | undefined {
  if (!d || typeof d !== 'object') return undefined;
  const o = d as Record<string, unknown>;
  return typeof o.digest === 'string' &&
    typeof o.mediaType === 'string' &&
    typeof o.size === 'number'
    ? { digest: o.digest, mediaType: o.mediaType, size: o.size }
    : undefined;
}

/**
 * The source's platform images and attestation manifests, when it is an `oci:`/`oci-archive:`
 * index (or, with `remote`, a `docker://` one) that holds attestations; undefined otherwise (a
 * single image, no attestations, another transport): those push as before.
 */
export async function readBuildxSource(
  source: string,
  remote?: RemoteReader,
): Promise<BuildxSource | undefined> {
  const local = await openOciSource(source);
  const opened: SourceReader | undefined = local
    ? { ...local, manifest: local.blob }
    : source.startsWith('docker://') && remote
      ? await remote(source)
      : undefined;
  if (!opened) return undefined;
  const top = parseManifest(opened.top);
  if (!top.manifests) return undefined;
  const all = top.manifests.filter(
    (m): m is RawDescriptor =>
      !!m && typeof m === 'object' && typeof (m as RawDescriptor).digest === 'string',
  );
  const attestationDescs = all.filter(isAttestation);
  if (attestationDescs.length === 0) return undefined;
  const imageDescs = all.filter((d) => !isAttestation(d));
  const keys = indexEntries(imageDescs);
  const images: SourcePlatformImage[] = [];
  for (const [i, d] of imageDescs.entries()) {
    const key = keys[i]?.platform ?? '';
    if (key.includes('#'))
      throw new DigestpinError(
        'UNSUPPORTED_CONVERSION',
        `${source} holds more than one image for ${key.split('#')[0]}; a v2s2 list built per platform cannot tell them apart`,
        'Push it as OCI (--format oci), or build one image per platform.',
      );
    const bytes = await opened.manifest(d.digest as string);
    const configDigest = parseManifest(bytes).configDigest;
    if (!configDigest)
      throw new DigestpinError(
        'SOURCE_NOT_FOUND',
        `${source}@${String(d.digest)} (${key}) is not an image manifest`,
        'The source image is damaged or not an image; rebuild it.',
      );
    images.push({ digest: d.digest as string, key, platform: platformOf(d), configDigest });
  }
  if (images.length === 0)
    throw new DigestpinError(
      'SOURCE_NOT_FOUND',
      `${source} holds attestations but no platform image`,
      'Build the image again; its index names no image.',
    );
  const attestations: SourceAttestation[] = [];
  for (const d of attestationDescs) {
    const digest = d.digest as string;
    const bytes = await opened.manifest(digest).catch((err: unknown) => {
      throw new DigestpinError(
        'SOURCE_NOT_FOUND',
        `${source}: attestation manifest ${digest} cannot be read (${err instanceof Error ? err.message : String(err)})`,
        'Rebuild the image, or leave the attestations out with --attestations drop.',
      );
    });
    const doc = JSON.parse(bytes.toString('utf8')) as { config?: unknown; layers?: unknown[] };
    const layers = (doc.layers ?? []) as { annotations?: Record<string, unknown> }[];
    const blobs = [doc.config, ...layers]
      .map(blobDescriptor)
      .filter((b): b is BlobDescriptor => !!b);
    const describes =
      typeof d.annotations?.[REFERENCE_DIGEST] === 'string'
        ? d.annotations[REFERENCE_DIGEST]
        : undefined;
    const annotations: Record<string, string> = {};
    for (const [k, v] of Object.entries(d.annotations ?? {}))
      if (typeof v === 'string') annotations[k] = v;
    attestations.push({
      digest,
      mediaType: typeof d.mediaType === 'string' ? d.mediaType : OCI_MANIFEST,
      size: bytes.length,
      bytes,
      describes,
      platformOf: images.find((i) => i.digest === describes)?.key ?? 'unknown',
      predicateTypes: [
        ...new Set(
          layers
            .map((l) => l.annotations?.[PREDICATE_TYPE])
            .filter((t): t is string => typeof t === 'string'),
        ),
      ],
      blobs,
      annotations,
    });
  }
  return {
    images,
    attestations,
    blob: opened.blob,
    ...(opened.platformSource && { platformSource: opened.platformSource }),
  };
}

/** A RemoteReader over push's registry client: `docker://host/repo:tag` (or `@digest`). */
export function registryReader(client: () => Promise<RegistryClient>): RemoteReader {
  return async (source) => {
    const ref = parseReference(source.slice('docker://'.length));
    const repo = { domain: ref.domain, path: ref.path };
    const c = await client();
    const missing = (what: string) =>
      new DigestpinError(
        'SOURCE_NOT_FOUND',
        `source ${source} not found: ${what}`,
        'Push the image to the source registry first, or fix the reference.',
      );
    const top = await c.getManifest(ref);
    if (!top) throw missing('no such manifest');
    return {
      top: top.bytes,
      manifest: async (digest) => {
        const m = await c.getManifest({ ...repo, digest });
        if (!m) throw missing(`manifest ${digest}`);
        return m.bytes;
      },
      blob: (digest) => c.getBlob(repo, digest),
      platformSource: (digest) => `docker://${formatReference(repo)}@${digest}`,
    };
  };
}

/** The Docker v2s2 manifest list of the pushed platform images, in the source's order. */
export function dockerManifestList(
  images: { platform: Platform; digest: string; size: number }[],
): Buffer {
  return Buffer.from(
    JSON.stringify(
      {
        schemaVersion: 2,
        mediaType: DOCKER_MANIFEST_LIST,
        manifests: images.map((i) => ({
          mediaType: DOCKER_MANIFEST,
          size: i.size,
          digest: i.digest,
          platform: i.platform,
        })),
      },
      null,
      3,
    ),
  );
}

/** The attestation's kind for reports: its predicate types, or its reference type. */
export function attestationType(a: SourceAttestation): string {
  return a.predicateTypes.length > 0
    ? a.predicateTypes.join(', ')
    : (a.annotations[REFERENCE_TYPE] ?? 'attestation-manifest');
}

/** One attestation as push reports it (JSON `attestations`). */
export interface AttestationReport {
  digest: string;
  /** The platform of the image it describes. */
  platform_of: string;
  /** Its in-toto predicate type(s). */
  type: string;
  /** Pushed by digest to the repository (false with --attestations drop). */
  pushed: boolean;
  /** The v2s2 image it is attached to. */
  subject?: string;
  /** The referrers tag schema tag that lists it. */
  referrers_tag?: string;
}

/** The reports of attestations left out and not pushed (yet): --attestations drop, dry run, no-op. */
export function plannedAttestations(attestations: SourceAttestation[]): AttestationReport[] {
  return attestations.map((a) => ({
    digest: a.digest,
    platform_of: a.platformOf,
    type: attestationType(a),
    pushed: false,
  }));
}

/** The stderr line for one attestation left out of the v2s2 list. */
export function describeLeftOut(r: AttestationReport): string {
  const what = `attestation ${r.digest} (${r.type}, for ${r.platform_of})`;
  if (!r.pushed) return `left out of the v2s2 list and not pushed (--attestations drop): ${what}`;
  return r.subject
    ? `left out of the v2s2 list: ${what}; pushed by digest, attached to ${r.subject} (referrers tag ${r.referrers_tag})`
    : `left out of the v2s2 list: ${what}; pushed by digest (it names no image of the list)`;
}
