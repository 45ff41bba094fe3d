/**
 * `pin --resolve <paths…>`: pins every image that has no digest yet to the digest its tag (or
 * `latest`) points to now. Registries are asked concurrently (bounded per host); an image that
 * cannot be resolved is reported with its cause and does not stop the others (unless --strict,
 * which then writes nothing).
 */
import { DigestpinError } from '../errors.js';
import { KeyedLimiter } from '../limiter.js';
import { splitImage, type PinTarget } from '../manifests/edit.js';
import { findManifestFiles } from '../manifests/find.js';
import type { ImageField } from '../manifests/locate.js';
import { applyPlan, locateFiles, type PinFilesResult } from '../manifests/pinning.js';
import {
  formatReference,
  repositoryName,
  tryParseReference,
  type ImageReference,
} from '../reference.js';
import type { CommandContext } from './types.js';
import { exitCodeFor } from './verify/classify.js';

export const RESOLVE_CONCURRENCY = 8;

/**
 * The part of the registry client resolve needs (a fake in unit tests): the digest of a tag's
 * manifest bytes (RegistryClient.resolveManifest), never the registry's digest header.
 */
export interface ManifestHeads {
  resolveManifest(ref: ImageReference): Promise<{ digest: string } | undefined>;
}

export interface Unresolved {
  image: string;
  status: 'missing' | 'unauthorized' | 'unreachable' | 'error';
  message: string;
  hint: string;
}

export interface ResolveResult extends PinFilesResult {
  unresolved: Unresolved[];
  exitCode: number;
}

const STATUS: Partial<Record<string, Unresolved['status']>> = {
  UNAUTHORIZED: 'unauthorized',
  DENIED: 'unauthorized',
  AWS_CREDENTIALS: 'unauthorized',
  UNREACHABLE: 'unreachable',
  TIMEOUT: 'unreachable',
  REGISTRY_ERROR: 'unreachable',
  RATE_LIMITED: 'unreachable',
  REPOSITORY_NOT_FOUND: 'missing',
  MANIFEST_UNKNOWN: 'missing',
  NOT_FOUND: 'missing',
};

/** The reference to resolve for a field: valid, no digest yet; the tag defaults to `latest`. */
function toResolve(field: ImageField): ImageReference | undefined {
  if (field.value.includes('{{')) return undefined;
  const ref = tryParseReference(field.value);
  if (!ref || ref.digest) return undefined;
  return { ...ref, tag: ref.tag ?? 'latest' };
}

function failure(ref: ImageReference, err: unknown): Unresolved {
  const image = formatReference(ref);
  if (err instanceof DigestpinError) {
    const status = STATUS[err.code] ?? 'error';
    return { image, status, message: `cannot resolve ${image}: ${err.message}`, hint: err.hint };
  }
  const why = err instanceof Error ? err.message : String(err);
  return {
    image,
    status: 'error',
    message: `cannot resolve ${image}: ${why}`,
    hint: 'Re-run with DIGESTPIN_DEBUG=1.',
  };
}

/** Resolves and pins every unpinned image in `paths`. */
export async function resolvePins(
  paths: string[],
  ctx: CommandContext,
  heads: ManifestHeads,
  opts: { dryRun: boolean; strict: boolean; concurrency?: number },
): Promise<ResolveResult> {
  const files = await findManifestFiles(paths, ctx.cwd);
  const located = await locateFiles(files, ctx);
  const wanted = new Map<string, ImageReference>();
  // image value → what it resolves as: a big file repeats one value thousands of times
  const keyOf = new Map<string, string | undefined>();
  for (const field of located.flatMap((f) => f.images)) {
    if (keyOf.has(field.value)) continue;
    const ref = toResolve(field);
    const key = ref && formatReference(ref);
    keyOf.set(field.value, key);
    if (ref && key) wanted.set(key, ref);
  }
  const limiter = new KeyedLimiter(opts.concurrency ?? RESOLVE_CONCURRENCY);
  const digests = new Map<string, string>();
  const unresolved: Unresolved[] = [];
  await Promise.all(
    [...wanted].map(async ([key, ref]) => {
      try {
        const info = await limiter.run(ref.domain, () => heads.resolveManifest(ref));
        if (info) digests.set(key, info.digest);
        else
          unresolved.push({
            image: key,
            status: 'missing',
            message: `cannot resolve ${key}: ${repositoryName(ref)} has no tag ${ref.tag ?? 'latest'} (manifest unknown)`,
            hint: `Push ${key} first, or fix the tag in the manifests.`,
          });
      } catch (err) {
        unresolved.push(failure(ref, err));
      }
    }),
  );
  unresolved.sort((a, b) => (a.image < b.image ? -1 : a.image > b.image ? 1 : 0));
  for (const u of unresolved) ctx.logger.warn(`${u.message}${u.hint ? ` (${u.hint})` : ''}`);
  // the precedence of verify: unauthorized (4) > unreachable / error (5) > missing (6)
  const exitCode = exitCodeFor(unresolved.map((u) => u.status));
  const strictFail = opts.strict && unresolved.length > 0;
  const targetFor = (field: ImageField): PinTarget | undefined => {
    const key = keyOf.get(field.value);
    const digest = key && digests.get(key);
    if (!digest) return undefined;
    // keep the tag as written (none stays none); kustomize/helm keep theirs too
    return { tag: splitImage(field.value).tag, digest };
  };
  const result = await applyPlan(located, targetFor, ctx, opts.dryRun || strictFail);
  return { ...result, unresolved, exitCode: strictFail ? exitCode : 0 };
}
