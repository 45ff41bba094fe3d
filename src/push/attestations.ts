/**
 * The attestation manifests of a buildx index, kept reachable when the images go out as a v2s2
 * list (docs/multi-platform.md): each is pushed unchanged (OCI, same bytes, same digest) by
 * digest, and attached to the v2s2 image it describes through the OCI 1.1 referrers tag schema:
 * the tag `sha256-<hex of the v2s2 image digest>` holds an OCI index whose entries are the
 * attestations, with an `artifactType` and annotations saying what they describe. Their bytes
 * are not changed to add a `subject` (that would change their digest and break what buildx and
 * the provenance itself refer to).
 */
import { DigestpinError } from '../errors.js';
import type { Logger } from '../log.js';
import { digestOf, type RegistryClient } from '../registry/client.js';
import {
  attestationType,
  type AttestationReport,
  type BlobDescriptor,
  type SourceAttestation,
} from './platform-list.js';
import { OCI_INDEX } from '../registry/media-types.js';

export { describeLeftOut, plannedAttestations, type AttestationReport } from './platform-list.js';

/** What buildkit names an attestation manifest that is stored as an OCI artifact. */
export const ATTESTATION_ARTIFACT = 'application/vnd.docker.attestation.manifest.v1+json';
/** Annotations on a referrers-tag entry: the v2s2 image it describes (and the OCI one it named). */
export const SUBJECT_ANNOTATION = 'dev.digestpin.attestation.subject';

/** The referrers tag schema's tag for a digest: `<algorithm>-<hex>` (64 characters at most). */
export function referrersTag(digest: string): string {
  return digest
    .replace(':', '-')
    .replace(/[^a-zA-Z0-9._-]/g, '-')
    .slice(0, 64 + 7);
}

interface Target {
  client: RegistryClient;
  host: string;
  path: string;
}

async function expectStatus(
  res: { status: number; arrayBuffer(): Promise<ArrayBuffer> },
  ok: number[],
  what: string,
): Promise<void> {
  if (ok.includes(res.status)) return;
  const body = Buffer.from(await res.arrayBuffer())
    .subarray(0, 1024)
    .toString('utf8');
  throw new DigestpinError(
    'REGISTRY_ERROR',
    `${what}: HTTP ${res.status} ${body}`.trim(),
    'The registry refused part of the push; nothing was tagged. Re-run, or leave the attestations out with --attestations drop.',
  );
}

/**
 * Uploads one blob unless the repository has it (HEAD, then POST + PUT ?digest=); says whether it
 * was uploaded (false: it was there).
 */
async function pushBlob(t: Target, d: BlobDescriptor, bytes: Buffer): Promise<boolean> {
  const where = `/v2/${t.path}/blobs/${d.digest}`;
  const head = await t.client.fetch(t.host, t.path, ['pull', 'push'], where, { method: 'HEAD' });
  await head.body?.cancel();
  if (head.status === 200) return false;
  const start = await t.client.fetch(
    t.host,
    t.path,
    ['pull', 'push'],
    `/v2/${t.path}/blobs/uploads/`,
    {
      method: 'POST',
    },
  );
  await start.body?.cancel();
  await expectStatus(start, [202], `${t.host}/${t.path}: starting the upload of ${d.digest}`);
  const location = start.headers.get('location');
  if (!location)
    throw new DigestpinError(
      'REGISTRY_ERROR',
      `${t.host}/${t.path}: the registry started an upload without a Location`,
      'The registry is misbehaving; re-run.',
    );
  const url = new URL(location, `${t.client.baseUrl(t.host)}/`);
  url.searchParams.set('digest', d.digest);
  const put = await t.client.fetch(t.host, t.path, ['pull', 'push'], url.href, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  await expectStatus(put, [201], `${t.host}/${t.path}: uploading ${d.digest}`);
  await put.body?.cancel();
  return true;
}

/** PUT a manifest's exact bytes (by digest or under a tag). */
export async function putManifest(
  t: Target,
  reference: string,
  mediaType: string,
  bytes: Buffer,
): Promise<void> {
  const res = await t.client.fetch(
    t.host,
    t.path,
    ['pull', 'push'],
    `/v2/${t.path}/manifests/${reference}`,
    { method: 'PUT', headers: { 'content-type': mediaType }, body: bytes },
  );
  await expectStatus(res, [201], `${t.host}/${t.path}: writing manifest ${reference}`);
  await res.body?.cancel();
  const said = res.headers.get('docker-content-digest');
  const ours = digestOf(bytes);
  if (said && said !== ours)
    throw new DigestpinError(
      'REGISTRY_ERROR',
      `${t.host}/${t.path}: the registry stored ${said} for a manifest whose bytes are ${ours}`,
      'The registry or a proxy altered the manifest; check for a proxy in between.',
    );
}

interface ReferrerEntry {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
}

/** The index under the referrers tag, with `entries` added (those it already lists are kept). */
async function writeReferrersTag(
  t: Target,
  subject: string,
  entries: ReferrerEntry[],
): Promise<string> {
  const tag = referrersTag(subject);
  const now = await t.client.getManifest({ domain: t.host, path: t.path, tag });
  let manifests: ReferrerEntry[] = [];
  if (now) {
    const doc = JSON.parse(now.bytes.toString('utf8')) as { manifests?: ReferrerEntry[] };
    if (now.mediaType !== OCI_INDEX || !Array.isArray(doc.manifests))
      throw new DigestpinError(
        'REGISTRY_ERROR',
        `${t.host}/${t.path}:${tag} holds a ${now.mediaType}, not a referrers index`,
        `Something else uses the tag ${tag}; remove it, or push with --attestations drop.`,
      );
    manifests = doc.manifests;
  }
  const missing = entries.filter((e) => !manifests.some((m) => m.digest === e.digest));
  if (now && missing.length === 0) return tag;
  const bytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [...manifests, ...missing],
    }),
  );
  await putManifest(t, tag, OCI_INDEX, bytes);
  return tag;
}

/** Whether the registry implements `GET /v2/<name>/referrers/<digest>` (OCI distribution 1.1). */
async function hasReferrersApi(t: Target, digest: string): Promise<boolean> {
  try {
    const res = await t.client.fetch(
      t.host,
      t.path,
      ['pull'],
      `/v2/${t.path}/referrers/${digest}`,
      { method: 'GET', headers: { accept: OCI_INDEX } },
    );
    await res.body?.cancel();
    return res.status === 200 && (res.headers.get('content-type') ?? '').startsWith(OCI_INDEX);
  } catch {
    return false; // only a notice depends on it
  }
}

/**
 * Pushes the attestations (blobs, then manifests, by digest) and lists each in the referrers tag
 * of the v2s2 image it describes (`subjects`: source OCI digest → pushed v2s2 digest). `onBlob`
 * hears of each blob once it is in the registry (for the progress lines).
 */
export async function pushAttestations(
  t: Target,
  attestations: SourceAttestation[],
  blob: (digest: string) => Promise<Buffer>,
  subjects: Map<string, string>,
  logger: Logger,
  signal?: AbortSignal,
  onBlob?: (digest: string, uploaded: boolean, bytes: number) => void,
): Promise<AttestationReport[]> {
  const reports: AttestationReport[] = [];
  const bySubject = new Map<string, ReferrerEntry[]>();
  for (const a of attestations) {
    if (signal?.aborted) throw new DigestpinError('INTERNAL', 'push cancelled');
    for (const b of a.blobs) {
      const bytes = await blob(b.digest).catch((err: unknown) => {
        throw new DigestpinError(
          'SOURCE_NOT_FOUND',
          `attestation ${a.digest}: blob ${b.digest} cannot be read from the source (${err instanceof Error ? err.message : String(err)})`,
          'The source is incomplete; rebuild it, or leave the attestations out with --attestations drop.',
        );
      });
      const uploaded = await pushBlob(t, b, bytes);
      onBlob?.(b.digest, uploaded, uploaded ? bytes.length : 0);
    }
    await putManifest(t, a.digest, a.mediaType, a.bytes);
    const subject = a.describes ? subjects.get(a.describes) : undefined;
    const report: AttestationReport = {
      digest: a.digest,
      platform_of: a.platformOf,
      type: attestationType(a),
      pushed: true,
    };
    if (subject) {
      report.subject = subject;
      report.referrers_tag = referrersTag(subject);
      const annotations: Record<string, string> = {
        ...a.annotations,
        [SUBJECT_ANNOTATION]: subject,
      };
      if (a.predicateTypes.length > 0)
        annotations['in-toto.io/predicate-type'] = a.predicateTypes.join(',');
      const list = bySubject.get(subject) ?? [];
      list.push({
        mediaType: a.mediaType,
        digest: a.digest,
        size: a.size,
        artifactType: ATTESTATION_ARTIFACT,
        annotations,
      });
      bySubject.set(subject, list);
    }
    reports.push(report);
  }
  for (const [subject, entries] of bySubject) {
    const tag = await writeReferrersTag(t, subject, entries);
    logger.debug(`attestations of ${subject} listed under the referrers tag ${tag}`);
  }
  const [first] = bySubject.keys();
  if (first && (await hasReferrersApi(t, first)))
    logger.warn(
      `${t.host} answers the OCI referrers API, which lists only manifests with a subject: tools that use it will not show these attestations; they are in ${t.path} by digest and under the sha256-<digest> referrers tags (docs/multi-platform.md)`,
    );
  return reports;
}
