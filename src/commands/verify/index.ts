/**
 * `digestpin verify <paths…>`: asks each registry whether every pinned image in the manifests
 * exists and can be pulled, and says per image what a pod using it would hit and how to fix it.
 */
import { relative } from 'node:path';
import { DigestpinError } from '../../errors.js';
import { readManifestsInBatches } from '../../manifests/limits.js';
import { findManifestFiles } from '../../manifests/find.js';
import { locateImages } from '../../manifests/locate.js';
import { RegistryClient } from '../../registry/client.js';
import type { ManifestFormat } from '../../registry/media-types.js';
import type { VerifyImage, VerifyResult } from '../../report/types.js';
import { formatVerify } from '../../report/verify.js';
import { pipelineHeads } from '../../settings.js';
import type { ReportFormat } from '../check.js';
import type { CommandContext, CommandOutcome } from '../types.js';
import { checkImages, type CheckedImage, type ManifestHeads } from './lookup.js';
import { exitCodeFor } from './classify.js';
import { ImageCollector, type ImageSource } from './images.js';
import { ecrHostCredentials } from '../../registry/ecr/read-credentials.js';

export interface VerifyOptions {
  paths: string[];
  format: ReportFormat;
  requireFormat?: ManifestFormat;
  tagConsistency: boolean;
  authfile?: string;
  insecure: boolean;
  concurrency: number;
}

/**
 * Reads and locates the manifests, handing each located file to `located` as soon as it is; a
 * template that does not parse is passed over, reported.
 */
async function readManifests(
  paths: string[],
  ctx: CommandContext,
  located: (source: ImageSource) => void,
): Promise<{ skipped: VerifyResult['skipped']; files: number }> {
  const files = await findManifestFiles(paths, ctx.cwd);
  const skipped: VerifyResult['skipped'] = [];
  await readManifestsInBatches(
    files,
    (file) => relative(ctx.cwd, file) || file,
    async (_file, shown, text) => {
      try {
        located(await locateImages(shown, text));
      } catch (err) {
        if (!(
          err instanceof DigestpinError &&
          err.code === 'MALFORMED_YAML' &&
          text.includes('{{')
        ))
          throw err;
        ctx.logger.warn(`${shown}: passed over, a template that is not YAML on its own`);
        skipped.push({
          path: shown,
          reason: `template that does not parse as YAML: ${err.message}`,
        });
      }
    },
  );
  return { skipped, files: files.length };
}

function toImage(c: CheckedImage, tagConsistency: boolean): VerifyImage {
  const out: VerifyImage = {
    image: c.image.image,
    status: c.verdict.status,
    message: c.verdict.message,
    hint: c.verdict.hint,
    locations: c.image.locations,
  };
  if (c.verdict.mediaType) out.mediaType = c.verdict.mediaType;
  if (tagConsistency) out.tags = c.tags;
  return out;
}

/** verify with the registry access given (tests pass a fake; the CLI a RegistryClient). */
export async function verifyWith(
  opts: VerifyOptions,
  ctx: CommandContext,
  heads: ManifestHeads,
): Promise<CommandOutcome<VerifyResult>> {
  const started = Date.now();
  // each file's images are collected as soon as it is located, and each registry a pinned image
  // names is pinged then, while the other files are still read
  const collector = new ImageCollector();
  const { skipped, files } = await readManifests(opts.paths, ctx, (source) => {
    for (const host of collector.add(source)) heads.prepare?.(host);
  });
  const collected = collector.result();
  ctx.logger.debug(
    `verify: ${collected.pinned.length} pinned images, ${collected.unpinned} unpinned, in ${files} files (read in ${Date.now() - started} ms)`,
  );
  const asking = Date.now();
  const checked = await checkImages(collected.pinned, heads, {
    concurrency: opts.concurrency,
    pipeline: pipelineHeads(ctx.env),
    requireFormat: opts.requireFormat,
    tagConsistency: opts.tagConsistency,
  });
  ctx.logger.debug(`verify: registries answered in ${Date.now() - asking} ms`);
  const json: VerifyResult = {
    images: checked.map((c) => toImage(c, opts.tagConsistency)),
    files,
    unpinned: collected.unpinned,
    skipped,
  };
  return {
    json,
    text: formatVerify(json, opts.format),
    exitCode: exitCodeFor(json.images.map((i) => i.status)),
  };
}

export function runVerify(
  opts: VerifyOptions,
  ctx: CommandContext,
): Promise<CommandOutcome<VerifyResult>> {
  const client = new RegistryClient({
    authfile: opts.authfile,
    insecure: opts.insecure,
    env: ctx.env,
    logger: ctx.logger,
    credentials: ecrHostCredentials(ctx),
  });
  return verifyWith(opts, ctx, client);
}
