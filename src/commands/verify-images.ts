/**
 * The pinned images of a set of manifests, deduplicated: one entry per repository + digest (what
 * a node pulls; containerd drops the tag of `repo:tag@sha256:…`), with every place that uses it
 * and the tags written next to the digest (for --tag-consistency).
 */
import { repositoryName, tryParseReference, type ImageReference } from '../reference.js';

export interface Location {
  path: string;
  line: number;
  column: number;
}

/** The part of manifests/locate.ts's LocatedFile that verify reads. */
export interface ImageSource {
  path: string;
  images: { value: string; line: number; column: number }[];
}

export interface PinnedImage {
  /** Canonical `domain/path@sha256:…`, the key and the name shown. */
  image: string;
  ref: ImageReference & { digest: string };
  locations: Location[];
  /** tag → where `repo:tag@digest` is written with that tag. */
  tags: Map<string, Location[]>;
}

export interface CollectedImages {
  pinned: PinnedImage[];
  /** Image values without a digest (not verified; `check` reports them). */
  unpinned: number;
  /** Values that contain a template (`{{ … }}`) or do not parse as a reference. */
  passedOver: number;
}

export function collectImages(files: ImageSource[]): CollectedImages {
  const byKey = new Map<string, PinnedImage>();
  let unpinned = 0;
  let passedOver = 0;
  for (const file of files) {
    for (const field of file.images) {
      const ref = field.value.includes('{{') ? undefined : tryParseReference(field.value);
      if (!ref) {
        passedOver++;
        continue;
      }
      if (!ref.digest) {
        unpinned++;
        continue;
      }
      const location = { path: file.path, line: field.line, column: field.column };
      const image = `${repositoryName(ref)}@${ref.digest}`;
      let entry = byKey.get(image);
      if (!entry) {
        entry = {
          image,
          ref: { domain: ref.domain, path: ref.path, digest: ref.digest },
          locations: [],
          tags: new Map(),
        };
        byKey.set(image, entry);
      }
      entry.locations.push(location);
      if (ref.tag) {
        const at = entry.tags.get(ref.tag) ?? [];
        at.push(location);
        entry.tags.set(ref.tag, at);
      }
    }
  }
  return { pinned: [...byKey.values()], unpinned, passedOver };
}

/** Registry host of an image, the key of the per-registry concurrency bound. */
export function hostOf(image: PinnedImage): string {
  return image.ref.domain;
}
