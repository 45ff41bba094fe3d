/**
 * A kustomization `images:` entry read as kustomize's image code reads it (sigs.k8s.io/kustomize
 * api/internal/image and api/filters/imagetag), held to `kubectl kustomize` by the differential
 * test. An entry matches the images whose value is `name` (optionally followed by a tag or digest)
 * and renders them as:
 *
 *   newName (as written, even with a tag or digest in it) or the repository part of `name`,
 *   then `:tag` and `@digest`, where tag and digest are `newTag` and `digest` when either is set
 *   (one alone clears the other), and otherwise those of the matched image (`name`'s own, here).
 */
import type { FieldName, ScalarSpan } from './locate.js';

/** kustomize's image.Split: name, tag and digest, looking for `:` and `@` after the first `/`. */
export function kustomizeSplit(image: string): { name: string; tag: string; digest: string } {
  const slash = Math.max(image.indexOf('/'), 0);
  const search = image.slice(slash);
  const at = search.indexOf('@');
  const colon = search.indexOf(':');
  if (at < 0 && colon < 0) return { name: image, tag: '', digest: '' };
  if (at >= 0 && (colon < 0 || at < colon)) {
    return { name: image.slice(0, slash + at), tag: '', digest: image.slice(slash + at + 1) };
  }
  if (at >= 0) {
    return {
      name: image.slice(0, slash + colon),
      tag: image.slice(slash + colon + 1, slash + at),
      digest: image.slice(slash + at + 1),
    };
  }
  return { name: image.slice(0, slash + colon), tag: image.slice(slash + colon + 1), digest: '' };
}

/** The string values of an entry's keys (absent keys undefined). */
export interface KustomizeEntry {
  name?: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

export interface KustomizeReading {
  /** The reference the entry renders an image it matches to (as kustomize writes it). */
  value: string;
  /** The repository part of that reference: what `pin <ref>` matches on. */
  repository: string;
  /** The tag the entry means (newName's own when it carries one and newTag is unset). */
  tag: string;
}

/** Reads an entry as kustomize renders it. */
export function readKustomizeEntry(e: KustomizeEntry): KustomizeReading {
  const matched = kustomizeSplit(e.name ?? '');
  const outName = e.newName || matched.name;
  const override = Boolean(e.newTag || e.digest);
  const tag = override ? (e.newTag ?? '') : matched.tag;
  const digest = override ? (e.digest ?? '') : matched.digest;
  const value = `${outName}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  const own = kustomizeSplit(outName);
  return { value, repository: own.name, tag: e.newTag || own.tag || tag };
}

/**
 * The keys to write so the entry renders `repository:tag@digest` (tag may be empty): `newTag` and
 * `digest`, except that a tag carried in `newName` (with no `newTag`) stays there; a digest carried
 * in `newName` is moved to `digest` (kustomize appends `@digest` after newName verbatim, so one in
 * newName would render `repo@sha256:…@sha256:…`). `name` is never changed: it selects the images.
 */
export function pinnedKustomizeEntry(
  e: KustomizeEntry,
  tag: string,
  digest: string,
): { newName?: string; newTag?: string; digest: string; value: string } {
  const own = e.newName ? kustomizeSplit(e.newName) : undefined;
  const tagInNewName = Boolean(own?.tag) && !e.newTag;
  const out: { newName?: string; newTag?: string; digest: string; value: string } = {
    digest,
    value: '',
  };
  let name = own?.name ?? kustomizeSplit(e.name ?? '').name;
  if (own) {
    out.newName = tagInNewName && tag ? `${own.name}:${tag}` : own.name;
    name = out.newName;
  }
  if (!tagInNewName && tag) out.newTag = tag;
  out.value = `${name}${!tagInNewName && tag ? `:${tag}` : ''}@${digest}`;
  return out;
}

/** The string values of a kustomize entry's located scalars. */
export function kustomizeValues(fields: Partial<Record<FieldName, ScalarSpan>>): KustomizeEntry {
  return {
    name: fields.name?.value,
    newName: fields.newName?.value,
    newTag: fields.newTag?.value,
    digest: fields.digest?.value,
  };
}
