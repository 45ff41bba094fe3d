/**
 * Asks the registries about every pinned image: one HEAD by digest each (all four manifest media
 * types, in the registry client), at most `concurrency` in flight per registry host. The first
 * request for a repository goes alone, so the client learns the host's auth challenge and caches
 * one token per repository before the others of that repository start.
 */
import { DigestpinError } from '../../errors.js';
import { KeyedLimiter } from '../../limiter.js';
import type { ImageReference } from '../../reference.js';
import type { ManifestInfo } from '../../registry/client.js';
import type { ManifestFormat } from '../../registry/media-types.js';
import { classifyFailure, classifyMissing, classifyPresent, type Verdict } from './classify.js';
import type { Location } from '../../report/types.js';
import { hostOf, type PinnedImage } from './images.js';

/** What verify asks of the registry client (RegistryClient satisfies it). */
export interface ManifestHeads {
  headManifest(ref: ImageReference): Promise<ManifestInfo | undefined>;
  /**
   * Optional bulk check (RegistryClient.confirmManifests, pipelined): an entry proves the image is
   * there; undefined means "not confirmed", and that image is asked with headManifest.
   */
  confirmManifests?(
    refs: ImageReference[],
    connections: number,
  ): Promise<(ManifestInfo | undefined)[]>;
  /**
   * Optional: a host that will be asked soon (verify calls it while it still reads files), so the
   * client can learn its auth challenge and open a connection meanwhile. Never fails.
   */
  prepare?(host: string): void;
}

/** Hosts with fewer images than this are asked one by one (pipelining would gain nothing). */
const PIPELINE_MIN = 4;
/** Pipelined connections per host (at most --concurrency). */
const PIPELINE_CONNECTIONS = 4;

/** --tag-consistency: does `repo:tag` still point to the pinned digest? (informational) */
export interface TagCheck {
  tag: string;
  status: 'same' | 'drift' | 'absent' | 'unknown';
  /** The digest the tag holds now (same or drift). */
  digest?: string;
  message: string;
  locations: Location[];
}

export interface CheckedImage {
  image: PinnedImage;
  verdict: Verdict;
  tags: TagCheck[];
}

export interface CheckOptions {
  concurrency: number;
  /** Confirm in bulk when `heads` can (default true; DIGESTPIN_PIPELINE=0 turns it off). */
  pipeline?: boolean;
  requireFormat?: ManifestFormat;
  tagConsistency: boolean;
}

async function checkTag(
  heads: ManifestHeads,
  image: PinnedImage,
  tag: string,
  locations: Location[],
): Promise<TagCheck> {
  const name = `${image.ref.domain}/${image.ref.path}:${tag}`;
  try {
    const now = await heads.headManifest({ domain: image.ref.domain, path: image.ref.path, tag });
    if (!now) return { tag, status: 'absent', message: `${name} no longer exists`, locations };
    if (now.digest === image.ref.digest)
      return {
        tag,
        status: 'same',
        digest: now.digest,
        message: `${name} → pinned digest`,
        locations,
      };
    return {
      tag,
      status: 'drift',
      digest: now.digest,
      message: `${name} now points to ${now.digest}, not the pinned ${image.ref.digest}; the pin still pulls the pinned image (digestpin pin --resolve updates it)`,
      locations,
    };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { tag, status: 'unknown', message: `could not read ${name}: ${why}`, locations };
  }
}

/**
 * The first caller for a key runs at once and opens the gate when done; later callers wait for
 * it. Used so that the first request to a host and to a repository go alone.
 */
class FirstGate {
  private readonly opened = new Map<string, Promise<void>>();

  async enter(key: string): Promise<() => void> {
    const first = this.opened.get(key);
    if (first) {
      await first;
      return () => undefined;
    }
    let open: () => void = () => undefined;
    this.opened.set(key, new Promise<void>((resolve) => (open = resolve)));
    return open;
  }
}

/** A host that cannot be reached or rate-limits us is not asked again for the remaining images. */
function hostIsDown(verdict: Verdict, err: unknown): boolean {
  return (
    verdict.status === 'unreachable' ||
    (err instanceof DigestpinError && err.code === 'RATE_LIMITED')
  );
}

export async function checkImages(
  images: PinnedImage[],
  heads: ManifestHeads,
  opts: CheckOptions,
): Promise<CheckedImage[]> {
  const limiter = new KeyedLimiter(opts.concurrency);
  const hosts = new FirstGate();
  const repositories = new FirstGate();
  const down = new Map<string, Verdict>();

  const ask = async (image: PinnedImage, host: string): Promise<Verdict> => {
    const skip = down.get(host);
    if (skip)
      return { ...skip, message: `${skip.message} (not asked again after an earlier failure)` };
    try {
      const found = await limiter.run(host, () => heads.headManifest(image.ref));
      return found ? classifyPresent(image, found, opts.requireFormat) : classifyMissing(image);
    } catch (err) {
      const verdict = classifyFailure(image, err);
      if (hostIsDown(verdict, err) && !down.has(host)) down.set(host, verdict);
      return verdict;
    }
  };

  const checkOne = async (image: PinnedImage): Promise<CheckedImage> => {
    const host = hostOf(image);
    const openHost = await hosts.enter(host);
    const openRepository = await repositories.enter(`${host}/${image.ref.path}`);
    let verdict: Verdict;
    try {
      verdict = await ask(image, host);
    } finally {
      openRepository();
      openHost();
    }
    return withTags(image, verdict);
  };

  const withTags = async (image: PinnedImage, verdict: Verdict): Promise<CheckedImage> => {
    const host = hostOf(image);
    const tags: TagCheck[] = [];
    if (opts.tagConsistency && (verdict.status === 'ok' || verdict.status === 'missing')) {
      const checks = [...image.tags].map(([tag, at]) =>
        limiter.run(host, () => checkTag(heads, image, tag, at)),
      );
      tags.push(...(await Promise.all(checks)));
    }
    return { image, verdict, tags };
  };

  // Per host: the first image alone (it learns the auth challenge, and finds a host that is
  // down), then the rest confirmed in bulk when the client can; what is not confirmed goes one by one.
  const byHost = new Map<string, number[]>();
  images.forEach((image, i) => {
    const host = hostOf(image);
    const indexes = byHost.get(host);
    if (indexes) indexes.push(i);
    else byHost.set(host, [i]);
  });
  const confirm = opts.pipeline === false ? undefined : heads.confirmManifests?.bind(heads);
  const results: Promise<CheckedImage>[] = new Array<Promise<CheckedImage>>(images.length);
  for (const [host, indexes] of byHost) {
    if (!confirm || indexes.length < PIPELINE_MIN) {
      for (const i of indexes) results[i] = checkOne(images[i]);
      continue;
    }
    const [first, ...rest] = indexes;
    results[first] = checkOne(images[first]);
    const connections = Math.min(opts.concurrency, PIPELINE_CONNECTIONS);
    // a bulk call that fails, even by throwing at once, only sends everything one by one
    const confirmed = results[first].then(async (): Promise<(ManifestInfo | undefined)[]> => {
      if (down.has(host)) return [];
      try {
        return await confirm(
          rest.map((i) => images[i].ref),
          connections,
        );
      } catch {
        return [];
      }
    });
    rest.forEach((i, k) => {
      results[i] = confirmed.then((found) => {
        const info = found[k];
        return info
          ? withTags(images[i], classifyPresent(images[i], info, opts.requireFormat))
          : checkOne(images[i]);
      });
    });
  }
  return Promise.all(results);
}
