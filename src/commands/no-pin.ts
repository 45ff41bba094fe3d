/**
 * When `push --manifests` or `pin` pins nothing, say why instead of exiting 0 in silence: which
 * files were read, how many image values they hold, and which repositories they name that come
 * closest to the one asked for (a typo, a wrong folder, an empty folder). `--require-pin` turns it
 * into an error (NOTHING_PINNED, exit 2).
 */
import { relative } from 'node:path';
import { DigestpinError } from '../errors.js';
import { findManifestFiles } from '../manifests/find.js';
import { fieldRepository, locateFiles } from '../manifests/pinning.js';
import { formatReference, sameRepository, type ImageReference } from '../reference.js';
import type { CommandContext } from './types.js';

export interface NoPinReport {
  files: string[];
  images: number;
  /** Values of the asked repository found (already pinned to the ref when > 0). */
  matching: number;
  closest: string[];
}

/** Edit distance (Levenshtein), for "did you mean". */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** Reads `paths` again (only when nothing was pinned) to tell what they hold. */
export async function explainNoPin(
  target: ImageReference,
  paths: string[],
  ctx: CommandContext,
): Promise<NoPinReport> {
  const files = await findManifestFiles(paths, ctx.cwd);
  const located = await locateFiles(files, {
    ...ctx,
    logger: { ...ctx.logger, warn: () => undefined },
  });
  const wanted = formatReference({ domain: target.domain, path: target.path });
  const repos = new Set<string>();
  let images = 0;
  let matching = 0;
  for (const f of located)
    for (const field of f.images) {
      images++;
      const repo = fieldRepository(field);
      if (!repo) continue;
      if (sameRepository(repo, target)) matching++;
      else repos.add(formatReference({ domain: repo.domain, path: repo.path }));
    }
  const closest = [...repos]
    .map((r) => ({ r, d: distance(r, wanted) }))
    .sort((a, b) => a.d - b.d || a.r.localeCompare(b.r))
    .slice(0, 3)
    .map((x) => x.r);
  return {
    files: files.map((f) => relative(ctx.cwd, f) || f),
    images,
    matching,
    closest,
  };
}

const list = (xs: string[], max = 5): string =>
  xs.length <= max ? xs.join(', ') : `${xs.slice(0, max).join(', ')}, … (${xs.length} in all)`;

/** One message: what was read and what it names. */
export function noPinMessage(target: ImageReference, given: string[], r: NoPinReport): string {
  const wanted = formatReference({ domain: target.domain, path: target.path });
  if (r.files.length === 0)
    return `nothing pinned: ${list(given)} holds no manifest file (*.yaml, *.yml, *.json)`;
  if (r.matching > 0)
    return `nothing changed: the ${r.matching} image value(s) of ${wanted} in ${list(r.files)} are already pinned to this reference`;
  const closest =
    r.closest.length > 0 ? `; the closest repositories they name: ${r.closest.join(', ')}` : '';
  return (
    `nothing pinned: no image value of ${wanted} in ${r.files.length} file(s) read ` +
    `(${list(r.files)}; ${r.images} image value(s))${closest}`
  );
}

/**
 * After a run that pinned no file: warns (stderr) with what was read, or, with `requirePin`, fails
 * with NOTHING_PINNED (exit 2). Values already pinned to the ref satisfy --require-pin.
 */
export async function reportNoPin(
  target: ImageReference,
  paths: string[],
  ctx: CommandContext,
  requirePin: boolean,
): Promise<void> {
  const r = await explainNoPin(target, paths, ctx);
  const message = noPinMessage(target, paths, r);
  if (requirePin && r.matching === 0)
    throw new DigestpinError(
      'NOTHING_PINNED',
      message,
      'Check the repository (it must match the image values in the manifests, e.g. registry host and path) and the --manifests paths; drop --require-pin to allow a push without pins.',
    );
  ctx.logger.warn(message);
}
