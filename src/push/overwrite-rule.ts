/**
 * The overwrite rule of DESIGN.md: a tag that exists may only "receive" the same image again.
 * "Same image" = the same platform → config digest map and the requested manifest format; never
 * the manifest digest (layers are recompressed from run to run).
 */
import { DigestpinError } from '../errors.js';
import { formatOf, type ManifestFormat } from '../registry/media-types.js';
import type { ConfigDigests } from './source.js';

export function sameConfigs(a: ConfigDigests, b: ConfigDigests): boolean {
  if (a.size !== b.size) return false;
  for (const [platform, digest] of a) if (b.get(platform) !== digest) return false;
  return true;
}

export function describeConfigs(c: ConfigDigests): string {
  if (c.size === 0) return 'config not read';
  const parts = [...c].map(([p, d]) => (p ? `${p}=${d}` : d));
  return parts.length === 1 && c.has('') ? `config ${parts[0]}` : `configs ${parts.join(', ')}`;
}

/** What is under the tag now. */
export interface TagState {
  digest: string;
  mediaType: string;
  configs: ConfigDigests;
}

/** True when the tag already holds our image in the requested format. */
export function isSameImage(tag: TagState, ours: ConfigDigests, format: ManifestFormat): boolean {
  return formatOf(tag.mediaType) === format && sameConfigs(tag.configs, ours);
}

/** Why a tag that holds another image is refused (the message names both sides). */
export function tagExistsError(
  ref: string,
  tag: TagState,
  ours: { configs: ConfigDigests; digest?: string },
  format: ManifestFormat,
  concurrent: boolean,
): DigestpinError {
  const theirs = `${tag.digest} (${formatOf(tag.mediaType) ?? tag.mediaType}, ${describeConfigs(tag.configs)})`;
  const mine = `${ours.digest ? `${ours.digest} ` : ''}(${format}, ${describeConfigs(ours.configs)})`;
  if (concurrent)
    return new DigestpinError(
      'CONCURRENT_OVERWRITE',
      `${ref} was written by someone else while this push was running: the tag holds ${theirs}, this push is ${mine}; the tag was left as it is`,
      'Two pipelines pushed the same tag at once. Make the tag unique per build and retry (the default --tag template includes the run and attempt).',
    );
  return new DigestpinError(
    'TAG_EXISTS',
    `${ref} already exists and holds a different image: ${theirs}; this push is ${mine}; nothing was pushed`,
    'Tags are never overwritten: push under a new tag (the default --tag template is unique per build and retry).',
  );
}
