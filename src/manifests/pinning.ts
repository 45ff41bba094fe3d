/**
 * The pin pipeline shared by `pin` and `push --manifests`: find files, read, locate, plan every
 * edit, and only then write (atomically, all files or none).
 */
import { relative } from 'node:path';
import type { CommandContext } from '../context.js';
import { DigestpinError } from '../errors.js';
import {
  parseReference,
  sameRepository,
  tryParseReference,
  type ImageReference,
} from '../reference.js';
import { unifiedDiff } from './diff.js';
import { planEdits, splitImage, type Change, type PinTarget, type PlannedFile } from './edit.js';
import { findManifestFiles } from './find.js';
import { locateImages, type ImageField, type LocatedFile } from './locate.js';
import { readManifestsInBatches } from './limits.js';
import { writeAllAtomically } from './write.js';

export interface PinnedFile {
  path: string;
  changes: Change[];
}

export interface PinFilesResult {
  files: PinnedFile[];
  /** Unified diff of every changed file (paths relative to cwd). */
  diff: string;
}

/** The repository of a written image value, or undefined when it is not a valid reference. */
export function fieldRepository(field: ImageField): ImageReference | undefined {
  return tryParseReference(field.repository ?? splitImage(field.value).name);
}

/**
 * Reads and locates `files`. `needle` (when given) is a substring every candidate file must
 * contain; others are skipped unparsed. Template files are skipped with a warning.
 */
export async function locateFiles(
  files: string[],
  ctx: CommandContext,
  needle?: string,
): Promise<LocatedFile[]> {
  const located: LocatedFile[] = [];
  await readManifestsInBatches(
    files,
    (file) => relative(ctx.cwd, file) || file,
    async (file, shown, text) => {
      if (needle !== undefined && !text.includes(needle)) return;
      if (text.includes('{{')) {
        ctx.logger.warn(`${shown}: skipped, contains template syntax ({{ … }})`);
        return;
      }
      located.push({ ...(await locateImages(shown, text)), path: file });
    },
  );
  return located;
}

/** Plans every file, then writes the changed ones unless `dryRun`. */
export async function applyPlan(
  located: LocatedFile[],
  targetFor: (field: ImageField) => PinTarget | undefined,
  ctx: CommandContext,
  dryRun: boolean,
): Promise<PinFilesResult> {
  const planned: PlannedFile[] = located.map((f) => planEdits(f, targetFor));
  const changed = planned.filter((p) => p.changes.length > 0 && p.newText !== p.text);
  for (const p of planned)
    for (const w of p.warnings) ctx.logger.warn(w.replace(p.path, relative(ctx.cwd, p.path)));
  if (!dryRun)
    await writeAllAtomically(
      changed.map((p) => ({ path: p.path, text: p.newText, before: p.text })),
    );
  const files = changed.map((p) => ({
    path: relative(ctx.cwd, p.path) || p.path,
    changes: p.changes,
  }));
  // the diff is only shown for --dry-run
  const diff = !dryRun
    ? ''
    : changed.map((p) => unifiedDiff(relative(ctx.cwd, p.path), p.text, p.edits)).join('');
  return { files, diff };
}

/** Parses `ref` (which must carry a digest) into the repository to match and the pin target. */
export function pinRule(ref: string): {
  target: ImageReference;
  targetFor: (field: ImageField) => PinTarget | undefined;
} {
  const target = parseReference(ref);
  if (!target.digest) {
    throw new DigestpinError(
      'INVALID_REFERENCE',
      `${ref}: pin needs a reference with a digest (@sha256:…)`,
      'digestpin pin repo:tag@sha256:… k8s/   (or: digestpin pin --resolve k8s/)',
    );
  }
  const digest = target.digest;
  const pin: PinTarget = target.tag === undefined ? { digest } : { tag: target.tag, digest };
  // a big file names one repository thousands of times, with a tag each: parse each distinct
  // repository once
  const byRepository = new Map<string, PinTarget | undefined>();
  return {
    target,
    targetFor: (field) => {
      const name = field.repository ?? splitImage(field.value).name;
      if (byRepository.has(name)) return byRepository.get(name);
      const repo = tryParseReference(name);
      const result = repo && sameRepository(repo, target) ? pin : undefined;
      byRepository.set(name, result);
      return result;
    },
  };
}

/**
 * A substring every file that can reference `ref`'s repository contains: its path (Helm splits off
 * the registry, Docker Hub names drop `docker.io/` and `library/`). Files without it are not parsed.
 */
export function prefilterNeedle(ref: ImageReference): string {
  return ref.domain === 'docker.io' ? ref.path.replace(/^library\//, '') : ref.path;
}

/** Pins one text in memory (no files): the planned result for `ref`. */
export async function pinText(path: string, text: string, ref: string): Promise<PlannedFile> {
  return planEdits(await locateImages(path, text), pinRule(ref).targetFor);
}

/** Pins every reference to `ref`'s repository in `paths` to `ref` (which must carry a digest). */
export async function pinFiles(
  ref: string,
  paths: string[],
  ctx: CommandContext,
  opts: { dryRun: boolean },
): Promise<PinFilesResult> {
  const { target, targetFor } = pinRule(ref);
  const files = await findManifestFiles(paths, ctx.cwd);
  const needle = prefilterNeedle(target);
  const located = await locateFiles(files, ctx, needle);
  return applyPlan(located, targetFor, ctx, opts.dryRun);
}
