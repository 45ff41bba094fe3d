/**
 * A unified diff (context 3) for `--dry-run`, computed from the edits themselves rather than by
 * comparing texts: every edit touches known lines, so the hunks are exact and cost O(edits).
 */
import type { Edit } from './edit.js';

const CONTEXT = 3;

interface Block {
  /** 0-based index of the first and one past the last old line touched. */
  from: number;
  to: number;
  edits: Edit[];
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  if (starts[starts.length - 1] === text.length && starts.length > 1) starts.pop();
  return starts;
}

function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function strip(line: string): string {
  const l = line.endsWith('\n') ? line.slice(0, -1) : line;
  return l.endsWith('\r') ? l.slice(0, -1) : l;
}

function splitKeep(text: string): string[] {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  return lines.map(strip);
}

/** Unified diff of `text` and the result of applying `edits` to it ('' without edits). */
export function unifiedDiff(path: string, text: string, edits: Edit[]): string {
  if (edits.length === 0) return '';
  const starts = lineStarts(text);
  const lineText = (i: number): string =>
    strip(text.slice(starts[i] ?? text.length, starts[i + 1] ?? text.length));
  const blocks: Block[] = [];
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    const from = lineOf(starts, e.start);
    const to = lineOf(starts, Math.max(e.start, e.end - 1)) + 1;
    const last = blocks[blocks.length - 1];
    if (last && from < last.to) {
      last.to = Math.max(last.to, to);
      last.edits.push(e);
    } else blocks.push({ from, to, edits: [e] });
  }
  const out = [`--- a/${path}`, `+++ b/${path}`];
  let delta = 0;
  let b = 0;
  while (b < blocks.length) {
    let end = b;
    while (
      end + 1 < blocks.length &&
      (blocks[end + 1]?.from ?? 0) - (blocks[end]?.to ?? 0) <= 2 * CONTEXT
    )
      end++;
    const first = blocks[b];
    const lastBlock = blocks[end];
    const hunkFrom = Math.max(0, first.from - CONTEXT);
    const hunkTo = Math.min(starts.length, lastBlock.to + CONTEXT);
    const body: string[] = [];
    let added = 0;
    let removed = 0;
    let line = hunkFrom;
    for (let k = b; k <= end; k++) {
      const block = blocks[k];
      for (; line < block.from; line++) body.push(` ${lineText(line)}`);
      const blockStart = starts[block.from] ?? text.length;
      const blockEnd = starts[block.to] ?? text.length;
      let cursor = blockStart;
      let replaced = '';
      for (const e of block.edits) {
        replaced += text.slice(cursor, e.start) + e.text;
        cursor = e.end;
      }
      replaced += text.slice(cursor, blockEnd);
      for (; line < block.to; line++, removed++) body.push(`-${lineText(line)}`);
      for (const l of splitKeep(replaced)) {
        body.push(`+${l}`);
        added++;
      }
    }
    for (; line < hunkTo; line++) body.push(` ${lineText(line)}`);
    const context = hunkTo - hunkFrom - removed;
    const oldCount = context + removed;
    const newCount = context + added;
    const newFrom = hunkFrom + delta;
    out.push(
      `@@ -${oldCount ? hunkFrom + 1 : hunkFrom},${oldCount} +${newCount ? newFrom + 1 : newFrom},${newCount} @@`,
    );
    out.push(...body);
    delta += added - removed;
    b = end + 1;
  }
  return `${out.join('\n')}\n`;
}
