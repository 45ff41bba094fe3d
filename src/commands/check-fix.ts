/**
 * `check --fix`: rewrites images on retired registries to registry.k8s.io with pin's byte-exact
 * engine (formatScalar keeps the quoting, applyEdits splices, writeAllAtomically writes all files
 * or none). Only the bytes of the registry part of each value change.
 */
import { DigestpinError } from '../errors.js';
import { applyEdits, formatScalar, type Change, type Edit } from '../manifests/edit.js';
import { kustomizeSplit } from '../manifests/kustomize.js';
import type { ImageField, LocatedFile, ScalarSpan } from '../manifests/locate.js';
import { legacyRewrite } from '../rules/index.js';

export interface LegacyFixPlan {
  path: string;
  text: string;
  newText: string;
  edits: Edit[];
  changes: Change[];
  /** Legacy images that could not be rewritten, with why (they stay findings). */
  skipped: string[];
}

const HOST = 'registry.k8s.io';

class FixPlanner {
  readonly edits: Edit[] = [];
  readonly changes: Change[] = [];
  readonly skipped: string[] = [];

  constructor(private readonly file: LocatedFile) {}

  field(field: ImageField, ignored: (field: ImageField) => boolean): void {
    if (field.value.includes('{{') || ignored(field)) return;
    const rewrite = legacyRewrite(field.value);
    if (!rewrite) return;
    const ok =
      field.kind === 'container' || field.kind === 'volume'
        ? this.set(field, field.scalar, rewrite.to)
        : field.kind === 'kustomize'
          ? this.kustomize(field)
          : this.helm(field);
    if (ok) this.changes.push({ line: field.line, from: field.value, to: rewrite.to });
  }

  /** Replaces a scalar whose value starts with the legacy name by its new value. */
  private set(field: ImageField, span: ScalarSpan | undefined, to: string): boolean {
    if (!span) return this.skip(field, 'its value could not be located');
    if (span.style === 'block') return this.skip(field, 'block scalars are not rewritten');
    this.edits.push({ start: span.start, end: span.end, text: formatScalar(span.style, to) });
    return true;
  }

  private skip(field: ImageField, why: string): false {
    this.skipped.push(`${this.file.path}:${field.line}: ${field.value} not fixed: ${why}`);
    return false;
  }

  /** newName is rewritten; an entry matched by `name` alone gets a newName (name must still match the base). */
  private kustomize(field: ImageField): boolean {
    const fields = field.fields ?? {};
    const name = fields.newName ?? fields.name;
    if (!name) return this.skip(field, 'the entry has no name');
    const rewrite = legacyRewrite(name.value);
    if (!rewrite) return this.skip(field, 'the registry is not in one value');
    if (fields.newName) return this.set(field, fields.newName, rewrite.to);
    const at = field.insert;
    if (!at) return this.skip(field, 'newName cannot be added to this entry');
    const eol = this.file.text[at.offset] === '\r' ? '\r\n' : '\n';
    // kustomize appends the tag and digest after newName: only the repository goes there
    const newName = kustomizeSplit(rewrite.to).name;
    const entry = at.json
      ? `"newName": ${JSON.stringify(newName)}`
      : `newName: ${formatScalar('plain', newName)}`;
    const text = at.indent === undefined ? `, ${entry}` : `${eol}${at.indent}${entry}`;
    this.edits.push({ start: at.offset, end: at.offset, text });
    return true;
  }

  /** `registry` + `repository`: the host goes to `registry` (when present), the rest to `repository`. */
  private helm(field: ImageField): boolean {
    const fields = field.fields ?? {};
    const repository = fields.repository;
    if (!repository) return this.skip(field, 'the values map has no repository');
    const name = legacyRewrite(
      fields.registry?.value ? `${fields.registry.value}/${repository.value}` : repository.value,
    );
    if (!name) return this.skip(field, 'the registry is not in its values');
    if (!fields.registry?.value) return this.set(field, repository, name.to);
    const rest = name.to.slice(HOST.length + 1);
    const okRegistry = fields.registry.value === HOST || this.set(field, fields.registry, HOST);
    const okRepository = repository.value === rest || this.set(field, repository, rest);
    return okRegistry && okRepository;
  }
}

/** One edit per range (values written through one YAML anchor are found once per use). */
function dedupe(path: string, edits: Edit[]): Edit[] {
  const byRange = new Map<string, Edit>();
  for (const e of edits) {
    const key = `${e.start}:${e.end}`;
    const prev = byRange.get(key);
    if (prev && prev.text !== e.text) {
      throw new DigestpinError(
        'INVALID_INPUT',
        `${path}: one anchored value would need two different images (${prev.text}, ${e.text})`,
        'Write the image values separately instead of through one YAML anchor.',
      );
    }
    byRange.set(key, e);
  }
  return [...byRange.values()].sort((a, b) => a.start - b.start);
}

/** Plans the legacy-registry rewrites of one located file (`ignored`: fields the rule is off for). */
export function planLegacyFixes(
  file: LocatedFile,
  ignored: (field: ImageField) => boolean,
): LegacyFixPlan {
  const planner = new FixPlanner(file);
  if (!file.template) for (const field of file.images) planner.field(field, ignored);
  const edits = dedupe(file.path, planner.edits);
  return {
    path: file.path,
    text: file.text,
    newText: applyEdits(file.text, edits),
    edits,
    changes: planner.changes,
    skipped: file.template
      ? file.images
          .filter((f) => legacyRewrite(f.value) && !ignored(f))
          .map(
            (f) =>
              `${file.path}:${f.line}: ${f.value} not fixed: the file contains template syntax`,
          )
      : planner.skipped,
  };
}
