/**
 * Byte-exact splices: computes the new text of an image value (keeping its quoting style) and
 * applies all edits of a file at once. Nothing outside the image value ranges changes, except the
 * keys a kustomize entry lacks, which are added after its last key.
 */
import { DigestpinError } from '../errors.js';
import { kustomizeValues, pinnedKustomizeEntry, readKustomizeEntry } from './kustomize.js';
import type { FieldName, ImageField, LocatedFile, ScalarSpan } from './locate.js';

export interface Edit {
  start: number;
  end: number;
  text: string;
}

export interface Change {
  line: number;
  from: string;
  to: string;
}

/** What an image should be pinned to: a tag (kept as written when undefined) and a digest. */
export interface PinTarget {
  tag?: string;
  digest: string;
}

export interface PlannedFile {
  path: string;
  text: string;
  newText: string;
  edits: Edit[];
  changes: Change[];
  warnings: string[];
}

/** Splits a written reference textually: name (as written), tag, digest. */
export function splitImage(value: string): { name: string; tag?: string; digest?: string } {
  let rest = value;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const colon = rest.lastIndexOf(':');
  const out: { name: string; tag?: string; digest?: string } = { name: rest };
  if (colon > rest.lastIndexOf('/')) {
    out.name = rest.slice(0, colon);
    out.tag = rest.slice(colon + 1);
  }
  if (digest !== undefined) out.digest = digest;
  return out;
}

const NOT_A_STRING =
  /^(?:[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|\.inf|\.Inf|\.INF)|\.nan|\.NaN|\.NAN|~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$/;
const PLAIN_SAFE = /^[A-Za-z0-9_./][A-Za-z0-9_./:@+-]*$/;

/** Whether `value` written plain reads as a number, boolean or null (YAML 1.1 or 1.2 schema). */
export function plainReadsAsNonString(value: string): boolean {
  return NOT_A_STRING.test(value);
}

/** Whether `value` written plain reads back as that same string (YAML 1.1 and 1.2 schemas). */
export function plainReadsAsString(value: string): boolean {
  return PLAIN_SAFE.test(value) && !NOT_A_STRING.test(value);
}

/** What JSON.stringify escapes in a string: `"`, `\`, control characters, (lone) surrogates. */
// eslint-disable-next-line no-control-regex
const JSON_ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify(value), without its per-call cost for the usual string that needs no escape. */
function jsonString(value: string): string {
  return JSON_ESCAPED.test(value) ? JSON.stringify(value) : `"${value}"`;
}

/** The source text of `value` in the style of the scalar it replaces. */
export function formatScalar(style: ScalarSpan['style'] | undefined, value: string): string {
  if (style === 'single') return `'${value.replace(/'/g, "''")}'`;
  if (style === 'double' || !plainReadsAsString(value)) return jsonString(value);
  return value;
}

function composed(name: string, tag: string | undefined, digest: string | undefined): string {
  return `${name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
}

class Planner {
  readonly edits: Edit[] = [];
  readonly changes: Change[] = [];
  readonly warnings: string[] = [];

  constructor(private readonly file: LocatedFile) {}

  field(field: ImageField, target: PinTarget): void {
    if (field.kind === 'container' || field.kind === 'volume') this.container(field, target);
    else if (field.kind === 'kustomize') this.kustomize(field, target);
    else this.helm(field, target);
  }

  private set(span: ScalarSpan, value: string, field: ImageField): boolean {
    if (span.value === value) return false;
    if (span.style === 'block') {
      this.warnings.push(`${this.file.path}:${field.line}: block scalar image value not rewritten`);
      return false;
    }
    this.edits.push({ start: span.start, end: span.end, text: formatScalar(span.style, value) });
    return true;
  }

  private container(field: ImageField, target: PinTarget): void {
    if (!field.scalar) return;
    const { name, tag } = splitImage(field.scalar.value);
    const to = composed(name, target.tag ?? tag, target.digest);
    if (this.set(field.scalar, to, field))
      this.changes.push({ line: field.line, from: field.value, to });
  }

  private kustomize(field: ImageField, target: PinTarget): void {
    const fields = field.fields ?? {};
    const entry = kustomizeValues(fields);
    const tag = target.tag ?? readKustomizeEntry(entry).tag;
    const pinned = pinnedKustomizeEntry(entry, tag, target.digest);
    const wanted: [FieldName, string | undefined][] = [
      ['newName', pinned.newName],
      ['newTag', pinned.newTag],
      ['digest', pinned.digest],
    ];
    const inserts: string[] = [];
    let changed = false;
    for (const [key, value] of wanted) {
      if (value === undefined) continue;
      const span = fields[key];
      if (span) changed = this.setOrQuote(span, value, field) || changed;
      else
        inserts.push(
          field.insert?.json
            ? `${JSON.stringify(key)}: ${JSON.stringify(value)}`
            : `${key}: ${formatScalar('plain', value)}`,
        );
    }
    if (inserts.length > 0) {
      const at = field.insert;
      if (!at) {
        this.warnings.push(`${this.file.path}:${field.line}: cannot add ${inserts.join(', ')}`);
        return;
      }
      const eol = this.file.text[at.offset] === '\r' ? '\r\n' : '\n';
      const text =
        at.indent === undefined
          ? inserts.map((s) => `, ${s}`).join('')
          : inserts.map((s) => `${eol}${at.indent}${s}`).join('');
      this.edits.push({ start: at.offset, end: at.offset, text });
      changed = true;
    }
    if (changed) this.changes.push({ line: field.line, from: field.value, to: pinned.value });
  }

  /** `set`, and also quotes a plain value that YAML would not read as a string (`newTag: 2.5`). */
  private setOrQuote(span: ScalarSpan, value: string, field: ImageField): boolean {
    if (span.value === value && span.style === 'plain' && !plainReadsAsString(value)) {
      this.edits.push({ start: span.start, end: span.end, text: formatScalar('double', value) });
      return true;
    }
    return this.set(span, value, field);
  }

  private helm(field: ImageField, target: PinTarget): void {
    const fields = field.fields ?? {};
    const reg = fields.registry?.value ? `${fields.registry.value}/` : '';
    const name = `${reg}${fields.repository?.value ?? ''}`;
    const tagSpan = fields.tag;
    if (!tagSpan) return;
    let changed = false;
    let to: string;
    if (fields.digest) {
      const tag = target.tag ?? tagSpan.value;
      if (target.tag !== undefined) changed = this.set(tagSpan, target.tag, field);
      changed = this.set(fields.digest, target.digest, field) || changed;
      to = composed(name, tag, target.digest);
    } else {
      const tag = target.tag ?? splitImage(`x:${tagSpan.value}`).tag ?? '';
      if (!tag) {
        this.warnings.push(
          `${this.file.path}:${field.line}: helm values without tag or digest key not pinned`,
        );
        return;
      }
      changed = this.set(tagSpan, `${tag}@${target.digest}`, field);
      to = composed(name, tag, target.digest);
    }
    if (changed) this.changes.push({ line: field.line, from: field.value, to });
  }
}

/** Plans the edits that pin the fields `targetFor` returns a target for. */
export function planEdits(
  file: LocatedFile,
  targetFor: (field: ImageField) => PinTarget | undefined,
): PlannedFile {
  const planner = new Planner(file);
  for (const field of file.images) {
    const target = targetFor(field);
    if (target) planner.field(field, target);
  }
  const edits = dedupe(file.path, planner.edits);
  return {
    path: file.path,
    text: file.text,
    newText: applyEdits(file.text, edits),
    edits,
    changes: planner.changes,
    warnings: planner.warnings,
  };
}

/** One edit per range (values written through one anchor); two different ones are a conflict. */
function dedupe(path: string, edits: Edit[]): Edit[] {
  // the usual case, one edit per value: no two start at one offset, so none to merge and no
  // order among equal starts to keep; sorted by start, that is what the map below gives too
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  if (strictlyAscending(sorted)) return sorted;
  const byRange = new Map<string, Edit>();
  for (const e of edits) {
    const key = `${e.start}:${e.end}`;
    const prev = byRange.get(key);
    if (prev && prev.text !== e.text && e.start !== e.end) {
      throw new DigestpinError(
        'INVALID_INPUT',
        `${path}: one anchored value would need two different images (${prev.text}, ${e.text})`,
        'Write the image values separately instead of through one YAML anchor.',
      );
    }
    if (prev && e.start === e.end) prev.text += e.text;
    else if (!prev) byRange.set(key, { ...e });
  }
  return [...byRange.values()].sort((a, b) => a.start - b.start);
}

/** Whether every edit starts after the one before it ends (so no two share a range). */
function strictlyAscending(edits: Edit[]): boolean {
  for (let i = 1; i < edits.length; i++) {
    const prev = edits[i - 1];
    const e = edits[i];
    if (!prev || !e || e.start <= prev.start || e.start < prev.end) return false;
  }
  return true;
}

/** Applies non-overlapping edits to `text` (sorted here unless they are in order already). */
export function applyEdits(text: string, edits: Edit[]): string {
  const parts: string[] = [];
  let pos = 0;
  const sorted = strictlyAscending(edits) ? edits : [...edits].sort((a, b) => a.start - b.start);
  for (const e of sorted) {
    if (e.start < pos) {
      throw new DigestpinError(
        'INTERNAL',
        `overlapping edits at offset ${e.start}`,
        'This is a bug.',
      );
    }
    parts.push(text.slice(pos, e.start), e.text);
    pos = e.end;
  }
  parts.push(text.slice(pos));
  return parts.join('');
}
