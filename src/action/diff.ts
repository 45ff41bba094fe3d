/**
 * The line diff shown in the PR comment: the manifest files are read before the push pins them and
 * compared with what is on disk afterwards. Pinning changes a few image values, so the diff is a
 * common prefix/suffix trim and a line LCS of what remains.
 */
import path from 'node:path';
import { findManifestFiles } from '../manifests/find.js';
import { readManifest } from '../manifests/limits.js';

export interface DiffLine {
  kind: '-' | '+';
  /** 1-based line number: in the old file for '-', in the new file for '+'. */
  line: number;
  text: string;
}

export interface FileDiff {
  path: string;
  lines: DiffLine[];
}

/** Files read before pinning, by absolute path. */
export type Snapshot = Map<string, string>;

/**
 * Reads every manifest file the paths name, found the way pinning finds them (findManifestFiles),
 * before the push pins them, with the push's rules (readManifest: regular files, size cap, UTF-8).
 * A bad path or file adds nothing: the push reports it itself.
 */
export async function snapshotManifests(paths: string[], cwd: string): Promise<Snapshot> {
  const snapshot: Snapshot = new Map();
  const found = await Promise.all(paths.map((p) => findManifestFiles([p], cwd).catch(() => [])));
  for (const file of found.flat()) {
    const text = await readManifest(file).catch(() => undefined);
    if (text !== undefined) snapshot.set(file, text);
  }
  return snapshot;
}

/** The changed lines between two texts, in file order ('-' before '+' within a change). */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split(/\r?\n/);
  const b = after.split(/\r?\n/);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const out: DiffLine[] = [];
  const removed = (i: number) => out.push({ kind: '-', line: start + i + 1, text: midA[i] ?? '' });
  const added = (j: number) => out.push({ kind: '+', line: start + j + 1, text: midB[j] ?? '' });
  if (midA.length * midB.length > 4_000_000) {
    midA.forEach((_, i) => removed(i));
    midB.forEach((_, j) => added(j));
    return out;
  }
  // lcs[i * w + j] = length of the LCS of midA[i..] and midB[j..]
  const w = midB.length + 1;
  const lcs = new Int32Array((midA.length + 1) * w);
  for (let i = midA.length - 1; i >= 0; i--) {
    for (let j = midB.length - 1; j >= 0; j--) {
      lcs[i * w + j] =
        midA[i] === midB[j]
          ? lcs[(i + 1) * w + j + 1] + 1
          : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    }
  }
  let i = 0;
  let j = 0;
  while (i < midA.length || j < midB.length) {
    if (i < midA.length && j < midB.length && midA[i] === midB[j]) {
      i++;
      j++;
    } else if (
      j >= midB.length ||
      (i < midA.length && lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])
    ) {
      removed(i++);
    } else {
      added(j++);
    }
  }
  return out;
}

/** Diffs of the files the push changed (paths as the push reports them, relative to cwd). */
export async function diffChangedFiles(
  snapshot: Snapshot,
  changed: string[],
  cwd: string,
): Promise<FileDiff[]> {
  const diffs: FileDiff[] = [];
  for (const p of changed) {
    const abs = path.resolve(cwd, p);
    const before = snapshot.get(abs);
    const after = await readManifest(abs).catch(() => undefined);
    if (before === undefined || after === undefined) continue;
    diffs.push({ path: p, lines: lineDiff(before, after) });
  }
  return diffs;
}

/**
 * A path in a diff header, quoted the way git quotes one (C-style, in double quotes) when it holds
 * control characters, quotes or backslashes: a file name with a line break cannot add lines.
 */
function headerPath(prefix: string, p: string): string {
  const full = `${prefix}${p}`;
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f"\\]/.test(full) ? JSON.stringify(full) : full;
}

/** A unified-style rendering of the diffs, for a ```diff block. */
export function renderDiff(diffs: FileDiff[]): string {
  const out: string[] = [];
  for (const d of diffs) {
    out.push(`--- ${headerPath('a/', d.path)}`, `+++ ${headerPath('b/', d.path)}`);
    let previous: DiffLine | undefined;
    for (const l of d.lines) {
      const contiguous =
        previous && (l.line === previous.line + 1 || (l.kind !== previous.kind && l.kind === '+'));
      if (!contiguous) out.push(`@@ line ${l.line} @@`);
      out.push(`${l.kind}${l.text}`);
      previous = l;
    }
  }
  return out.join('\n');
}
