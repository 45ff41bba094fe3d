/**
 * The pinned images of a set of manifests, deduplicated: one entry per repository + digest (what
 * a node pulls; containerd drops the tag of `repo:tag@sha256:…`), with every place that uses it
 * and the tags written next to the digest (for --tag-consistency).
 */
import { repositoryName, tryParseReference, type ImageReference } from '../../reference.js';
import type { Location } from '../../report/types.js';

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

/**
 * Collects file by file (verify adds each file as soon as it is located); `add` returns the
 * registries that file names for the first time in a pinned image, in order.
 */
export class ImageCollector {
  private readonly byKey = new Map<string, PinnedImage>();
  private readonly hosts = new Set<string>();
  private unpinned = 0;
  private passedOver = 0;

  add(file: ImageSource): string[] {
    const newHosts: string[] = [];
    for (const field of file.images) {
      const ref = field.value.includes('{{') ? undefined : tryParseReference(field.value);
      if (!ref) {
        this.passedOver++;
        continue;
      }
      if (!ref.digest) {
        this.unpinned++;
        continue;
      }
      if (!this.hosts.has(ref.domain)) {
        this.hosts.add(ref.domain);
        newHosts.push(ref.domain);
      }
      const location = { path: file.path, line: field.line, column: field.column };
      const image = `${repositoryName(ref)}@${ref.digest}`;
      let entry = this.byKey.get(image);
      if (!entry) {
        entry = {
          image,
          ref: { domain: ref.domain, path: ref.path, digest: ref.digest },
          locations: [],
          tags: new Map(),
        };
        this.byKey.set(image, entry);
      }
      entry.locations.push(location);
      if (ref.tag) {
        const at = entry.tags.get(ref.tag) ?? [];
        at.push(location);
        entry.tags.set(ref.tag, at);
      }
    }
    return newHosts;
  }

  result(): CollectedImages {
    return {
      pinned: [...this.byKey.values()],
      unpinned: this.unpinned,
      passedOver: this.passedOver,
    };
  }
}

export function collectImages(files: ImageSource[]): CollectedImages {
  const collector = new ImageCollector();
  for (const file of files) collector.add(file);
  return collector.result();
}

/** Registry host of an image, the key of the per-registry concurrency bound. */
export function hostOf(image: PinnedImage): string {
  return image.ref.domain;
}
