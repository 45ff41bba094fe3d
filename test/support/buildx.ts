/**
 * A buildx-shaped multi-platform OCI image, built in-process: writeOciImage's index with, beside
 * each platform image, an attestation manifest as buildkit writes it (docs.docker.com "Image
 * attestation storage"): `platform: unknown/unknown`, annotations `vnd.docker.reference.type:
 * attestation-manifest` and `vnd.docker.reference.digest: <the platform image>`, an image config
 * kept only for compatibility, one `application/vnd.in-toto+json` layer per attestation carrying
 * `in-toto.io/predicate-type`. `writeBuildxArchive` also tars the layout into an oci-archive, as
 * `docker buildx build --output type=oci,dest=app.tar` does.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { OCI_INDEX, OCI_MANIFEST } from '../../src/registry/media-types.js';
import { OCI_CONFIG, writeOciImage, type OciImage } from './image.js';

export const IN_TOTO = 'application/vnd.in-toto+json';
export const SLSA_PROVENANCE = 'https://slsa.dev/provenance/v0.2';

export interface BuildxImage extends OciImage {
  /** platform → attestation manifest digest (the attestation describing that platform's image). */
  attestations: Map<string, string>;
  /** 'oci-archive:<file>' (set by writeBuildxArchive). */
  archiveRef?: string;
}

const sha256 = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

interface IndexDoc {
  manifests: {
    mediaType: string;
    digest: string;
    size: number;
    platform?: { os: string; architecture: string; variant?: string };
    annotations?: Record<string, string>;
  }[];
}

export async function writeBuildxImage(
  dir: string,
  options: {
    platforms: string[];
    tag?: string;
    layerSize?: number;
    random?: boolean;
    /** One layer the same in every platform image, from this seed (not random). */
    sharedLayerSeed?: string;
    /** Pad each in-toto statement to at least this many bytes (a large SBOM). */
    attestationSize?: number;
  },
): Promise<BuildxImage> {
  const size = options.layerSize ?? 4096;
  const img = await writeOciImage(dir, {
    tag: options.tag ?? 'latest',
    platforms: options.platforms,
    layers: [
      options.sharedLayerSeed
        ? { size, seed: options.sharedLayerSeed }
        : { size, random: options.random ?? true },
    ],
  });
  const blobs = path.join(dir, 'blobs', 'sha256');
  const put = async (data: string): Promise<{ digest: string; size: number }> => {
    const digest = sha256(data);
    await writeFile(path.join(blobs, digest.slice(7)), data);
    return { digest, size: Buffer.byteLength(data) };
  };
  const indexDigest = img.indexDigest!;
  const index = JSON.parse(
    await readFile(path.join(blobs, indexDigest.slice(7)), 'utf8'),
  ) as IndexDoc;
  const attestations = new Map<string, string>();
  for (const [platform, manifestDigest] of img.manifestDigests) {
    const statement = JSON.stringify({
      _type: 'https://in-toto.io/Statement/v0.1',
      predicateType: SLSA_PROVENANCE,
      subject: [{ name: 'pkg:docker/app', digest: { sha256: manifestDigest.slice(7) } }],
      predicate: {
        builder: { id: 'digestpin-test' },
        buildType: 'https://mobyproject.org/buildkit@v1',
        nonce: Math.random(),
        padding: 'x'.repeat(options.attestationSize ?? 0),
      },
    });
    const layer = await put(statement);
    const config = await put(
      JSON.stringify({
        architecture: 'unknown',
        os: 'unknown',
        config: {},
        rootfs: { type: 'layers', diff_ids: [layer.digest] },
      }),
    );
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: OCI_CONFIG, ...config },
      layers: [
        {
          mediaType: IN_TOTO,
          ...layer,
          annotations: { 'in-toto.io/predicate-type': SLSA_PROVENANCE },
        },
      ],
    });
    const desc = await put(manifest);
    attestations.set(platform, desc.digest);
    index.manifests.push({
      mediaType: OCI_MANIFEST,
      ...desc,
      annotations: {
        'vnd.docker.reference.digest': manifestDigest,
        'vnd.docker.reference.type': 'attestation-manifest',
      },
      platform: { architecture: 'unknown', os: 'unknown' },
    });
  }
  const newIndex = await put(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, ...index }));
  const layoutFile = path.join(dir, 'index.json');
  const layout = JSON.parse(await readFile(layoutFile, 'utf8')) as IndexDoc;
  for (const m of layout.manifests) if (m.digest === indexDigest) Object.assign(m, newIndex);
  await writeFile(layoutFile, JSON.stringify(layout));
  return { ...img, indexDigest: newIndex.digest, manifestDigest: newIndex.digest, attestations };
}

/** writeBuildxImage into `<dir>/layout`, tarred as `<dir>/app.tar` (an oci-archive). */
export async function writeBuildxArchive(
  dir: string,
  options: {
    platforms: string[];
    layerSize?: number;
    random?: boolean;
    sharedLayerSeed?: string;
    attestationSize?: number;
  },
): Promise<BuildxImage & { archiveRef: string; file: string }> {
  const layout = path.join(dir, 'layout');
  const img = await writeBuildxImage(layout, { ...options, tag: 'latest' });
  const file = path.join(dir, 'app.tar');
  await execa('tar', ['-cf', file, '-C', layout, 'oci-layout', 'index.json', 'blobs']);
  return { ...img, archiveRef: `oci-archive:${file}`, file };
}
