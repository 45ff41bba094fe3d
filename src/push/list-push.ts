/**
 * `push --all` in v2s2 of a source whose index holds attestation manifests (buildx's default),
 * which skopeo cannot convert as a whole (in-toto layers have no v2s2 form). In this order,
 * nothing tagged until the end (docs/multi-platform.md):
 *
 * 1. each platform image goes through the relay as v2s2 (skopeo --override-os/-arch picks it),
 *    stored by digest only: the relay's tag decision is "do not write";
 * 2. each attestation manifest is pushed unchanged (OCI) by digest and listed under the referrers
 *    tag of the v2s2 image it describes (attestations.ts), unless --attestations drop;
 * 3. the v2s2 manifest list of the platform images is written by digest;
 * 4. a fresh check of the tag (the overwrite rule, as the relay makes it), then the tag.
 *
 * One progress for it all: a first line under the tag pushed, the blobs and bytes of every copy
 * and attestation counted into it.
 */
import { DigestpinError } from '../errors.js';
import { digestOf } from '../registry/client.js';
import { parseManifest } from '../registry/manifest.js';
import { ecrTagExistsError, matchEcrImmutableTagRejection } from '../registry/ecr/errors.js';
import {
  describeLeftOut,
  plannedAttestations,
  pushAttestations,
  putManifest,
  type AttestationReport,
} from './attestations.js';
import { DOCKER_MANIFEST, DOCKER_MANIFEST_LIST } from '../registry/media-types.js';
import { isSameImage, tagExistsError } from './overwrite-rule.js';
import { dockerManifestList, type BuildxSource, type Platform } from './platform-list.js';
import type { PushProgress } from './progress.js';
import { relayedPush, tagState, withProgress, type RelayedPushOptions } from './relayed-push.js';

export type AttestationsMode = 'keep' | 'drop';

export interface ListPushOptions extends RelayedPushOptions {
  buildx: BuildxSource;
  attestations: AttestationsMode;
}

export interface ListPushResult {
  pushed: boolean;
  digest: string;
  attestations: AttestationReport[];
}

function cancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new DigestpinError('INTERNAL', 'push cancelled', 'The tag check stopped this push.');
}

export async function pushPlatformList(o: ListPushOptions): Promise<ListPushResult> {
  return withProgress(o, (progress) =>
    pushList({ ...o, ...(progress && { progress: { running: progress } }) }, progress),
  );
}

async function pushList(o: ListPushOptions, progress?: PushProgress): Promise<ListPushResult> {
  const label = `${o.host}/${o.path}:${o.tag}`;
  const pushedImages: { platform: Platform; digest: string; size: number }[] = [];
  const subjects = new Map<string, string>();
  const configs = new Map<string, string>();
  for (const [i, image] of o.buildx.images.entries()) {
    cancelled(o.signal);
    let put: { digest: string; size: number; mediaType: string; config?: string } | undefined;
    const { platform } = image;
    const byDigest = o.buildx.platformSource?.(image.digest);
    await relayedPush({
      ...o,
      all: false,
      format: 'v2s2',
      // a tag that is never written: the relay stores the manifest by digest only
      tag: `digestpin-platform-${i}`,
      // named by digest where the transport can (docker://), else picked from the index
      ...(byDigest
        ? { source: byDigest }
        : {
            platform: {
              os: platform.os,
              architecture: platform.architecture,
              ...(platform.variant && { variant: platform.variant }),
            },
          }),
      onSpawn: i === 0 ? o.onSpawn : undefined,
      onTagPut: (p) => {
        put = {
          digest: p.digest,
          size: p.bytes.length,
          mediaType: p.mediaType,
          config: parseManifest(p.bytes).configDigest,
        };
        return Promise.resolve({ action: 'skip', digest: p.digest });
      },
    });
    if (!put)
      throw new DigestpinError(
        'INTERNAL',
        `skopeo finished but never wrote the ${image.key} manifest of ${label}`,
        'This is a bug; run with --verbose.',
      );
    // skopeo picked the instance by platform: it must be the source's image (same config)
    if (put.mediaType.split(';')[0] !== DOCKER_MANIFEST || put.config !== image.configDigest)
      throw new DigestpinError(
        'INTERNAL',
        `the ${image.key} image pushed is a ${put.mediaType} with config ${String(put.config)}; the source's has ${image.configDigest}`,
        'skopeo chose another image of the index for this platform; push with --format oci.',
      );
    pushedImages.push({ platform, digest: put.digest, size: put.size });
    subjects.set(image.digest, put.digest);
    configs.set(image.key, image.configDigest);
    o.logger.debug(`${image.key}: ${image.digest} pushed as v2s2 ${put.digest}`);
  }

  cancelled(o.signal);
  const client = await o.client();
  const target = { client, host: o.host, path: o.path };
  const attestations =
    o.attestations === 'drop'
      ? plannedAttestations(o.buildx.attestations)
      : await pushAttestations(
          target,
          o.buildx.attestations,
          o.buildx.blob,
          subjects,
          o.logger,
          o.signal,
          progress &&
            ((digest, uploaded, bytes) => {
              progress.add(bytes);
              progress.blob(digest, uploaded);
            }),
        );
  for (const a of attestations) o.logger.info(describeLeftOut(a));

  cancelled(o.signal);
  const list = dockerManifestList(pushedImages);
  const digest = digestOf(list);
  await putManifest(target, digest, DOCKER_MANIFEST_LIST, list);

  // the overwrite rule, right before the tag is written
  cancelled(o.signal);
  const now = await tagState(client, o.host, o.path, o.tag);
  if (now) {
    if (now.digest === digest || isSameImage(now, configs, 'v2s2'))
      return { pushed: false, digest: now.digest, attestations };
    throw tagExistsError(label, now, { configs, digest }, 'v2s2', true);
  }
  try {
    await putManifest(target, o.tag, DOCKER_MANIFEST_LIST, list);
  } catch (err) {
    if (err instanceof Error && matchEcrImmutableTagRejection(err.message))
      throw ecrTagExistsError(label, err);
    throw err;
  }
  return { pushed: true, digest, attestations };
}
