/**
 * What the registry's answer for one pinned image means for a pod that uses it: the status of
 * DESIGN.md (ok | missing | unauthorized | unreachable | error), a message naming the cause and a
 * hint with the fix. Also the exit code of a whole run (worst result first, see exitCodeFor).
 */
import { DigestpinError, ExitCode, type ErrorCode } from '../../errors.js';
import { FORMAT_MEDIA_TYPES, type ManifestFormat } from '../../registry/media-types.js';
import { shellQuote } from '../../shell.js';
import type { VerifyStatus } from '../../report/types.js';
import type { PinnedImage } from './images.js';

export interface Verdict {
  status: VerifyStatus;
  message: string;
  hint: string;
  /** The manifest media type the registry reported (present images only). */
  mediaType?: string;
}

const FORMAT_NAMES: Record<ManifestFormat, string> = { v2s2: 'Docker v2 schema 2', oci: 'OCI' };

function usedIn(image: PinnedImage): string {
  return [...new Set(image.locations.map((l) => shellQuote(l.path)))].join(' ');
}

/** The registry has the manifest; with --require-format, is it in the format the runtime needs? */
export function classifyPresent(
  image: PinnedImage,
  found: { mediaType: string; size: number },
  required?: ManifestFormat,
): Verdict {
  const format = required && { types: FORMAT_MEDIA_TYPES[required], name: FORMAT_NAMES[required] };
  if (format && !format.types.includes(found.mediaType)) {
    const old =
      required === 'v2s2'
        ? ' (old container runtimes fail to pull it with "archive/tar: invalid tar header")'
        : '';
    return {
      status: 'error',
      message: `wrong manifest format: ${image.image} is ${found.mediaType}, not ${format.name} as --require-format ${required} demands${old}`,
      hint: `Push the image again as ${format.name} (digestpin push --format ${required} …, or skopeo copy --format ${required}) and pin the new digest: digestpin pin <ref> ${usedIn(image)}`,
      mediaType: found.mediaType,
    };
  }
  return {
    status: 'ok',
    message: `present (${found.mediaType}, ${found.size} bytes)`,
    hint: '',
    mediaType: found.mediaType,
  };
}

/** The registry answered 404 for the digest: the pull fails with `manifest unknown`. */
export function classifyMissing(image: PinnedImage): Verdict {
  return {
    status: 'missing',
    message: `manifest unknown: ${image.ref.domain} has no ${image.ref.path}@${image.ref.digest}; a pod using it fails with ErrImagePull: manifest unknown`,
    hint: `Push the image to ${image.ref.domain}/${image.ref.path}, or fix the pin to what its tag holds now: digestpin pin --resolve ${usedIn(image)}`,
  };
}

const STATUS_OF: Partial<Record<ErrorCode, VerifyStatus>> = {
  UNAUTHORIZED: 'unauthorized',
  DENIED: 'unauthorized',
  AWS_CREDENTIALS: 'unauthorized',
  UNREACHABLE: 'unreachable',
  TIMEOUT: 'unreachable',
  REPOSITORY_NOT_FOUND: 'missing',
  MANIFEST_UNKNOWN: 'missing',
};

/** The registry could not be asked, or refused: why, and what the cluster needs. */
export function classifyFailure(image: PinnedImage, err: unknown): Verdict {
  if (!(err instanceof DigestpinError))
    return {
      status: 'error',
      message: `checking ${image.image} failed: ${err instanceof Error ? err.message : String(err)}`,
      hint: 'This looks like a bug in digestpin; re-run with DIGESTPIN_DEBUG=1 and report it.',
    };
  const status = STATUS_OF[err.code] ?? 'error';
  const host = image.ref.domain;
  switch (status) {
    case 'missing':
      return {
        ...classifyMissing(image),
        message: `${classifyMissing(image).message} (${err.message})`,
      };
    case 'unauthorized':
      return {
        status,
        message: `${host} refused access to ${image.ref.path}: ${err.message}`,
        hint: `The cluster needs an imagePullSecret for ${host} (or, on ECR, a node IAM role allowed ecr:BatchGetImage) or its pods fail with ErrImagePull: unauthorized. For this check: ${err.hint}`,
      };
    case 'unreachable':
      return {
        status,
        message: `cannot reach ${host}: ${err.message}`,
        hint: `${err.hint} Nodes that cannot reach ${host} either fail with ErrImagePull.`,
      };
    default:
      return { status: 'error', message: err.message, hint: err.hint };
  }
}

/**
 * The exit code of a run, by the worst result. Precedence, most urgent first:
 *   unauthorized (4) > unreachable / error (5) > missing (6) > ok (0).
 * Authentication comes first because it hides everything else: some registries answer 404 to a
 * request they did not authenticate (REGISTRY-FACTS §2), so a "missing" is only trustworthy once
 * the credentials work. A registry that cannot be reached (or fails) likewise says nothing about
 * the images; only with both fixed does "missing" mean "push it or fix the pin".
 */
export function exitCodeFor(statuses: Iterable<VerifyStatus>): ExitCode {
  const rank: Record<VerifyStatus, [number, ExitCode]> = {
    ok: [0, ExitCode.OK],
    missing: [1, ExitCode.NOT_FOUND],
    error: [2, ExitCode.UNREACHABLE],
    unreachable: [2, ExitCode.UNREACHABLE],
    unauthorized: [3, ExitCode.AUTH],
  };
  let worst: [number, ExitCode] = rank.ok;
  for (const s of statuses) if (rank[s][0] > worst[0]) worst = rank[s];
  return worst[1];
}
