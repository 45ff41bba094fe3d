/**
 * The manifest media types digestpin reads and writes, and the two manifest formats they belong
 * to, defined once. `v2s2` is Docker Image Manifest V2 Schema 2 (a manifest, or a manifest list
 * for several platforms), what `skopeo copy --format v2s2` writes and every container runtime
 * pulls; `oci` is the OCI image manifest (or index).
 */

export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

/** Every manifest media type we accept from a registry (schema 1 is not one of them). */
export const MANIFEST_MEDIA_TYPES: readonly string[] = [
  DOCKER_MANIFEST,
  DOCKER_MANIFEST_LIST,
  OCI_MANIFEST,
  OCI_INDEX,
];

/** The manifest formats, as `--format`, `--require-format` and the action's `format` name them. */
export const MANIFEST_FORMATS = ['v2s2', 'oci'] as const;
export type ManifestFormat = (typeof MANIFEST_FORMATS)[number];

/** The media types of each format: its single-platform manifest, then its multi-platform list. */
export const FORMAT_MEDIA_TYPES: Readonly<Record<ManifestFormat, readonly string[]>> = {
  v2s2: [DOCKER_MANIFEST, DOCKER_MANIFEST_LIST],
  oci: [OCI_MANIFEST, OCI_INDEX],
};

/** The format a manifest media type belongs to (parameters ignored), or undefined (schema 1, unknown). */
export function formatOf(mediaType: string): ManifestFormat | undefined {
  const bare = mediaType.split(';')[0]?.trim() ?? '';
  return MANIFEST_FORMATS.find((f) => FORMAT_MEDIA_TYPES[f].includes(bare));
}
