/**
 * Just enough of the manifest formats to compare images: the config digest of an image manifest,
 * the platform entries of a list/index (attestations left out).
 */

export interface ParsedManifest {
  mediaType?: string;
  configDigest?: string;
  /** Present for a Docker manifest list or an OCI index. */
  manifests?: unknown[];
}

export interface IndexEntry {
  digest: string;
  /** `os/architecture[/variant]`, with `#2`, `#3`… appended when a platform repeats. */
  platform: string;
}

const ATTESTATION = 'vnd.docker.reference.type';

/** The manifest's JSON object; undefined when it is not one. */
function parseObject(bytes: Buffer): Record<string, unknown> | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  return doc && typeof doc === 'object' ? (doc as Record<string, unknown>) : undefined;
}

/** The blobs an image manifest names (config, then layers); none for a list or index. */
export function manifestBlobs(bytes: Buffer): string[] {
  const o = parseObject(bytes);
  if (!o) return [];
  const descriptors = [o.config, ...(Array.isArray(o.layers) ? (o.layers as unknown[]) : [])];
  return descriptors.flatMap((d) => {
    const digest = (d as { digest?: unknown } | null | undefined)?.digest;
    return typeof digest === 'string' ? [digest] : [];
  });
}

export function parseManifest(bytes: Buffer): ParsedManifest {
  const o = parseObject(bytes);
  if (!o) return {};
  const config = o.config as { digest?: unknown } | undefined;
  return {
    mediaType: typeof o.mediaType === 'string' ? o.mediaType : undefined,
    configDigest:
      config && typeof config === 'object' && typeof config.digest === 'string'
        ? config.digest
        : undefined,
    manifests: Array.isArray(o.manifests) ? (o.manifests as unknown[]) : undefined,
  };
}

/** The image entries of a list/index: no `unknown/unknown` platform, no attestation manifests. */
export function indexEntries(manifests: unknown[]): IndexEntry[] {
  const out: IndexEntry[] = [];
  const seen = new Map<string, number>();
  for (const m of manifests) {
    if (!m || typeof m !== 'object') continue;
    const e = m as { digest?: unknown; platform?: unknown; annotations?: unknown };
    if (typeof e.digest !== 'string') continue;
    const annotations = (e.annotations ?? {}) as Record<string, unknown>;
    if (annotations[ATTESTATION] === 'attestation-manifest') continue;
    const p = (e.platform ?? {}) as { os?: unknown; architecture?: unknown; variant?: unknown };
    const os = typeof p.os === 'string' ? p.os : 'unknown';
    const arch = typeof p.architecture === 'string' ? p.architecture : 'unknown';
    if (os === 'unknown' && arch === 'unknown') continue;
    let platform = `${os}/${arch}${typeof p.variant === 'string' && p.variant ? `/${p.variant}` : ''}`;
    const n = (seen.get(platform) ?? 0) + 1;
    seen.set(platform, n);
    if (n > 1) platform = `${platform}#${n}`;
    out.push({ digest: e.digest, platform });
  }
  return out;
}
