/**
 * Finds image fields in (multi-document) YAML with their exact source ranges, so edit.ts can splice
 * new values into the original bytes. Kinds: container images and image volumes under every pod spec path, kustomize
 * `images:` entries and Helm-style values maps (DESIGN.md "Manifests").
 */
import type { Document, Node, Pair, Scalar, YAMLMap } from 'yaml';
import { cjsNamespace } from '../cjs.js';
import { DigestpinError } from '../errors.js';
import { plainReadsAsNonString } from './edit.js';
import { fastParseEach } from './fastparse.js';
import { kustomizeValues, readKustomizeEntry } from './kustomize.js';
import { checkManifestSize } from './limits.js';
import { isAlias, isMap, isScalar, isSeq, LineCounter } from './yaml-nodes.js';

let yamlLibrary: Promise<typeof import('yaml')> | undefined;
/** The full parser, imported on first need (yaml-nodes.ts says why). */
function loadYaml(): Promise<typeof import('yaml')> {
  yamlLibrary ??= import('yaml').then((m) => cjsNamespace(m, 'parseAllDocuments', 'yaml'));
  return yamlLibrary;
}

/** A scalar in the source: where its bytes are and how it is written. */
export interface ScalarSpan {
  /** Offset of the first byte of the value (the quote for quoted scalars) and one past the last. */
  start: number;
  end: number;
  /** The string the YAML reads (plain scalars: as written, even `1.27`). */
  value: string;
  style: 'plain' | 'single' | 'double' | 'block';
}

/** Where a missing kustomize key goes: after the entry's last pair. */
export interface InsertPoint {
  offset: number;
  /** Block maps: the indentation of the entry's keys; flow maps: undefined (`, key: value`). */
  indent?: string;
  /** Flow maps whose keys are double-quoted (JSON): keys and values are added as JSON. */
  json?: boolean;
}

export type FieldName =
  'name' | 'newName' | 'newTag' | 'digest' | 'registry' | 'repository' | 'tag';

export interface ImageField {
  /** volume: an image volume's `volumes[].image.reference` (pulled like a container image). */
  kind: 'container' | 'volume' | 'kustomize' | 'helm';
  /** The image reference as written (kustomize/helm: composed name[:tag][@digest]). */
  value: string;
  /** 1-based position where the image value starts. */
  line: number;
  column: number;
  /** Rules named by a `# digestpin-ignore: a,b` comment on that line. */
  ignore: string[];
  /** Containers (`imagePullPolicy`) and image volumes (`image.pullPolicy`). */
  pullPolicy?: { value: string; line: number; column: number };
  /** container, volume: the image scalar (after following an alias). */
  scalar?: ScalarSpan;
  /** kustomize/helm: the scalars of the map, by key. */
  fields?: Partial<Record<FieldName, ScalarSpan>>;
  /** kustomize: where missing keys are added. */
  insert?: InsertPoint;
  /** kustomize: the repository the entry renders to (what `pin <ref>` matches on). */
  repository?: string;
  /** kustomize: a `newTag` written plain that YAML reads as a number or boolean (e.g. `2.5`). */
  unquotedTag?: { value: string; line: number; column: number };
}

export interface LocatedFile {
  path: string;
  text: string;
  images: ImageField[];
  /** The text contains `{{` template syntax. */
  template: boolean;
}

const POD_SPEC_PATHS = [
  ['spec', 'template', 'spec'],
  ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  ['template', 'spec'],
];
const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'];
const IGNORE_RE = /#\s*digestpin-ignore:\s*([A-Za-z0-9_,\s-]+)/;

/**
 * Line breaks that kubectl's Go YAML (and kustomize's) reads but the `yaml` package does not (YAML
 * 1.1 breaks: a lone CR, NEL, U+2028, U+2029): a comment would end there for one reader only.
 */
const ODD_BREAK_RE = /\r(?!\n)|[\u0085\u2028\u2029]/;
const BREAK_NAMES: Record<string, string> = {
  '\r': 'a carriage return (CR) without a line feed',
  '\u0085': 'a NEL (U+0085)',
  '\u2028': 'a LINE SEPARATOR (U+2028)',
  '\u2029': 'a PARAGRAPH SEPARATOR (U+2029)',
};

/** 1-based line and column of `offset`, counting LF as the only line break (a BOM is not a column). */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const bom = line === 1 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
  return { line, column: offset - lineStart + 1 - bom };
}

/**
 * Refuses a text with a line break other than LF or CRLF: Kubernetes reads one there, the `yaml`
 * package does not, so the two would see different objects (a container hidden behind a comment).
 */
export function refuseOddLineBreaks(path: string, text: string): void {
  const m = ODD_BREAK_RE.exec(text);
  if (!m) return;
  const { line, column } = positionOf(text, m.index);
  throw new DigestpinError(
    'MALFORMED_YAML',
    `${path}:${line}:${column}: ${BREAK_NAMES[m[0]] ?? 'an unusual line break'} is a line break for kubectl and kustomize but not for every YAML reader; refused (nothing was written)`,
    'Use LF (or CRLF) line breaks only: e.g. `sed -i "s/\\r\\?$//"` for stray CRs; replace U+0085, U+2028 and U+2029 with a line feed or a space.',
  );
}

/** Deeper structures are not searched (and cannot exhaust the stack). */
const MAX_DEPTH = 64;

class Locator {
  readonly images: ImageField[] = [];
  private readonly seen = new Set<number>();
  /** Nodes already walked, so aliases (an alias bomb) cost nothing the second time. */
  private readonly walkedObjects = new Set<unknown>();
  private readonly walkedHelm = new Set<unknown>();
  /** `# digestpin-ignore` rules by line number, each line scanned once. */
  private readonly ignoreByLine = new Map<number, string[]>();
  /** The nodes written at image fields (an alias there, not its target) and the scalars they read. */
  private readonly imageNodes = new Set<unknown>();
  private readonly imageScalars = new Set<unknown>();
  /** Container and volume image scalars, and the nodes walked on the way to them (full parser). */
  private readonly podImageScalars = new Set<unknown>();
  private readonly structural = new Set<unknown>();
  private recording = false;
  private inHelm = 0;
  private doc: Document | undefined;

  /** Whether `# digestpin-ignore` can occur at all: if not, no line needs scanning for it. */
  private readonly ignorable: boolean;

  /**
   * `helm: false` leaves out the walk for Helm-style values, for a text where no map can hold a
   * `repository` key (locateImages decides; the walk visits every map, so it is most of the
   * locator's work on a large file).
   */
  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly lines: LineCounter,
    private readonly helm = true,
  ) {
    this.ignorable = text.includes('digestpin-ignore');
  }

  /** One document's root node; `doc` resolves aliases (the fast path has none). */
  document(contents: unknown, doc?: Document): void {
    if (doc) this.doc = doc;
    // an alias names an anchor of its own document only: nothing walked before can recur
    this.walkedObjects.clear();
    this.walkedHelm.clear();
    this.recording = doc !== undefined;
    this.object(contents, true, 0);
    this.recording = false;
  }

  /** A Kubernetes object (or a List, a kustomization, a values file). */
  private object(node: unknown, top: boolean, depth: number): void {
    const map = this.deref(node);
    if (!isMap(map) || depth > MAX_DEPTH || this.walkedObjects.has(map)) return;
    this.walkedObjects.add(map);
    const kind = this.str(this.get(map, 'kind'));
    if (kind === 'List') {
      const items = this.deref(this.get(map, 'items'));
      if (isSeq(items)) for (const item of items.items) this.object(item, false, depth + 1);
      return;
    }
    if (kind === 'Pod') this.podSpec(this.get(map, 'spec'));
    for (const path of POD_SPEC_PATHS) this.podSpec(this.path(map, path));
    const images = this.deref(this.get(map, 'images'));
    if (top && isSeq(images) && (kind === 'Kustomization' || kind === 'Component' || !kind)) {
      for (const entry of images.items) this.kustomizeEntry(entry);
    }
    if (this.helm) this.helmMaps(map, 0);
  }

  private podSpec(node: unknown): void {
    const spec = this.deref(node);
    if (!isMap(spec)) return;
    for (const list of CONTAINER_LISTS) {
      const seq = this.deref(this.get(spec, list));
      if (!isSeq(seq)) continue;
      for (const item of seq.items) {
        const container = this.deref(item);
        if (isMap(container)) this.container(container);
      }
    }
    // image volumes: the kubelet pulls `reference` like a container image
    const volumes = this.deref(this.get(spec, 'volumes'));
    if (!isSeq(volumes)) return;
    for (const item of volumes.items) {
      const volume = this.deref(item);
      const image = isMap(volume) ? this.deref(this.get(volume, 'image')) : undefined;
      if (isMap(image)) this.imageVolume(image);
    }
  }

  private imageVolume(map: YAMLMap): void {
    const span = this.span(this.podImage(this.get(map, 'reference')));
    if (!span || !this.once(span.start, 0)) return;
    const field: ImageField = {
      kind: 'volume',
      value: span.value,
      ...this.where(span),
      scalar: span,
    };
    const policy = this.span(this.get(map, 'pullPolicy'));
    if (policy) field.pullPolicy = { value: policy.value, ...this.pos(policy.start) };
    this.images.push(field);
  }

  private container(map: YAMLMap): void {
    const span = this.span(this.podImage(this.get(map, 'image')));
    if (!span || !this.once(span.start, 1)) return;
    const field: ImageField = {
      kind: 'container',
      value: span.value,
      ...this.where(span),
      scalar: span,
    };
    const policy = this.span(this.get(map, 'imagePullPolicy'));
    if (policy) field.pullPolicy = { value: policy.value, ...this.pos(policy.start) };
    this.images.push(field);
  }

  private kustomizeEntry(node: unknown): void {
    const map = this.deref(node);
    if (!isMap(map)) return;
    const fields = this.fields(map, ['name', 'newName', 'newTag', 'digest']);
    const name = fields.newName ?? fields.name;
    if (!name || !this.once(name.start, 2)) return;
    const reading = readKustomizeEntry(kustomizeValues(fields));
    const field: ImageField = {
      kind: 'kustomize',
      value: reading.value,
      repository: reading.repository,
      ...this.where(name),
      fields,
      insert: this.insertPoint(map),
    };
    const tag = fields.newTag;
    // kustomize fails to build an entry whose newTag YAML reads as a number or a boolean
    if (tag?.style === 'plain' && plainReadsAsNonString(tag.value))
      field.unquotedTag = { value: tag.value, ...this.pos(tag.start) };
    this.images.push(field);
  }

  /** Helm-style values: any map (at any depth) with `repository` and `tag` scalars. */
  private helmMaps(node: unknown, depth: number): void {
    // what only this walk reaches is not on a pod spec path (checkAnchors)
    this.inHelm++;
    try {
      this.helmMap(node, depth);
    } finally {
      this.inHelm--;
    }
  }

  private helmMap(node: unknown, depth: number): void {
    const n = this.deref(node);
    if (depth > MAX_DEPTH || ((isSeq(n) || isMap(n)) && this.walkedHelm.has(n))) return;
    if (isSeq(n) || isMap(n)) this.walkedHelm.add(n);
    if (isSeq(n)) {
      for (const item of n.items) this.helmMap(item, depth + 1);
      return;
    }
    if (!isMap(n)) return;
    // cheap test first: most maps have neither key, and `fields` allocates
    const fields =
      this.span(this.get(n, 'repository'))?.value && this.span(this.get(n, 'tag'))
        ? this.fields(n, ['registry', 'repository', 'tag', 'digest'])
        : {};
    if (
      fields.repository &&
      fields.tag &&
      fields.repository.value &&
      this.once(fields.repository.start, 3)
    ) {
      const reg = fields.registry?.value ? `${fields.registry.value}/` : '';
      const tag = fields.tag.value ? `:${fields.tag.value}` : '';
      const digest = fields.digest?.value ? `@${fields.digest.value}` : '';
      const value = `${reg}${fields.repository.value}${tag}${digest}`;
      this.images.push({ kind: 'helm', value, ...this.where(fields.repository), fields });
    }
    for (const pair of n.items) this.helmMap(pair.value, depth + 1);
  }

  private fields(map: YAMLMap, names: FieldName[]): Partial<Record<FieldName, ScalarSpan>> {
    const out: Partial<Record<FieldName, ScalarSpan>> = {};
    for (const name of names) {
      const span = this.span(this.imageNode(this.get(map, name)));
      if (span) out[name] = span;
    }
    return out;
  }

  private insertPoint(map: YAMLMap): InsertPoint | undefined {
    const last = map.items[map.items.length - 1] as Pair<Node, Node | null> | undefined;
    const firstKey = map.items[0]?.key as Node | undefined;
    const end = last?.value?.range?.[1] ?? last?.key?.range?.[1];
    if (end === undefined || !firstKey?.range) return undefined;
    if (map.flow)
      return isScalar(firstKey) && firstKey.type === 'QUOTE_DOUBLE'
        ? { offset: end, json: true }
        : { offset: end };
    const keyStart = firstKey.range[0];
    const lineStart = this.text.lastIndexOf('\n', keyStart - 1) + 1;
    const nl = this.text.indexOf('\n', end);
    let offset = nl === -1 ? this.text.length : nl;
    if (offset > 0 && this.text[offset - 1] === '\r') offset--;
    return { offset, indent: ' '.repeat(keyStart - lineStart) };
  }

  /** Notes `node` as written at an image field (anchors.ts checks every other use of it). */
  private imageNode(node: unknown): unknown {
    // only the full parser sees anchors and aliases (the fast path declines them)
    if (node === undefined || node === null || !this.doc) return node;
    this.imageNodes.add(node);
    this.imageScalars.add(this.deref(node));
    return node;
  }

  private podImage(node: unknown): unknown {
    const raw = this.imageNode(node);
    if (this.doc && raw !== undefined && raw !== null) this.podImageScalars.add(this.deref(raw));
    return raw;
  }

  /** Whether `node` (a collection) holds a container or volume image, through aliases too. */
  private holdsPodImage(node: unknown, seen = new Set<unknown>()): boolean {
    const n = this.deref(node);
    if (seen.has(n) || seen.size > 100_000) return false;
    seen.add(n);
    if (isScalar(n)) return this.podImageScalars.has(n);
    if (isSeq(n)) return n.items.some((i) => this.holdsPodImage(i, seen));
    if (isMap(n)) return n.items.some((p) => this.holdsPodImage(p.value, seen));
    return false;
  }

  /**
   * Refuses an anchored image value that is also used (by its anchor or an alias) outside the image
   * fields: pinning rewrites the anchored bytes, so `metadata.name: &n nginx` would be pinned too.
   * Likewise an anchored map or list holding a container image, used once in a pod spec and once
   * elsewhere (`x: &c {name: a, image: app:1}` … `containers: [*c]`).
   */
  checkAnchors(doc: Document, visit: typeof import('yaml').visit): void {
    if (this.imageScalars.size === 0) return;
    if (this.podImageScalars.size > 0) this.checkCollectionAnchors(doc, visit);
    const uses = new Map<unknown, unknown[]>();
    visit(doc, (_key, node) => {
      const target = isAlias(node) ? this.deref(node) : node;
      const anchored = isAlias(node) || (isScalar(node) && node.anchor);
      if (!anchored || !this.imageScalars.has(target)) return;
      const list = uses.get(target) ?? [];
      list.push(node);
      uses.set(target, list);
    });
    for (const [target, nodes] of uses) {
      const others = nodes.filter((n) => !this.imageNodes.has(n));
      if (others.length === 0) continue;
      const at = (n: unknown): number => (n as Node).range?.[0] ?? 0;
      const image = nodes.find((n) => this.imageNodes.has(n)) ?? target;
      const { line, column } = this.pos(at(image));
      const lines = others.map((n) => `line ${this.pos(at(n)).line}`).join(' and ');
      const scalar = target as Scalar;
      throw new DigestpinError(
        'MALFORMED_YAML',
        `${this.file}:${line}:${column}: the image value ${String(scalar.value)} (anchor &${scalar.anchor ?? '?'}) is also used at ${lines}, outside image fields: pinning would rewrite those too; refused (nothing was written)`,
        'Write the image value on its own instead of through an anchor shared with other fields.',
      );
    }
  }

  private checkCollectionAnchors(doc: Document, visit: typeof import('yaml').visit): void {
    const uses = new Map<unknown, unknown[]>();
    visit(doc, (_key, node) => {
      if (!isAlias(node)) return;
      const target = node.resolve(doc);
      if (!(isMap(target) || isSeq(target))) return;
      const list = uses.get(target) ?? [target];
      list.push(node);
      uses.set(target, list);
    });
    const at = (n: unknown): number => (n as Node).range?.[0] ?? 0;
    for (const [target, nodes] of uses) {
      const others = nodes.filter((n) => !this.structural.has(n));
      if (others.length === 0 || !this.holdsPodImage(target)) continue;
      const inside = nodes.find((n) => this.structural.has(n)) ?? target;
      const { line, column } = this.pos(at(inside));
      const lines = others.map((n) => `line ${this.pos(at(n)).line}`).join(' and ');
      const anchor = (target as YAMLMap).anchor ?? '?';
      throw new DigestpinError(
        'MALFORMED_YAML',
        `${this.file}:${line}:${column}: the anchored ${isMap(target) ? 'map' : 'list'} &${anchor} holds a container image and is also used at ${lines}, outside pod specs: pinning would rewrite it there too; refused (nothing was written)`,
        'Write the container (or its image) where it is used instead of through an anchor shared with other fields.',
      );
    }
  }

  /** Follows aliases (and merge keys for lookups) so a value written once is edited once. */
  private deref(node: unknown): unknown {
    if (this.recording && this.inHelm === 0 && node !== null && typeof node === 'object')
      this.structural.add(node);
    let n = node;
    for (let i = 0; i < 16 && isAlias(n) && this.doc; i++) n = n.resolve(this.doc);
    return n;
  }

  /** `map[key]`, also through merge keys; each merged map is searched once (no merge bombs). */
  private get(map: YAMLMap, key: string, seen?: Set<YAMLMap>): unknown {
    seen?.add(map);
    let merge = false;
    let found: Pair | undefined;
    for (const pair of map.items) {
      const k = isScalar(pair.key) ? pair.key : this.deref(pair.key);
      if (!isScalar(k)) continue;
      if (k.value === key) {
        // kubectl keeps the last value, kustomize refuses the file: refuse, as kustomize does
        if (found) throw this.duplicate(key, found, pair);
        found = pair;
      } else if (k.value === '<<') merge = true;
    }
    if (found) return found.value;
    if (!merge) return undefined;
    // allocated only for maps with merge keys: most lookups never need it
    const searched = seen ?? new Set<YAMLMap>([map]);
    for (const pair of map.items) {
      if (!isScalar(pair.key) || pair.key.value !== '<<') continue;
      const merged = this.deref(pair.value);
      const sources = isSeq(merged) ? merged.items.map((i) => this.deref(i)) : [merged];
      for (const source of sources) {
        if (isMap(source) && !searched.has(source) && searched.size <= MAX_DEPTH * 16) {
          const v = this.get(source, key, searched);
          if (v !== undefined) return v;
        }
      }
    }
    return undefined;
  }

  private duplicate(key: string, first: Pair, second: Pair): DigestpinError {
    const at = (pair: Pair): number => (pair.key as Node | null)?.range?.[0] ?? 0;
    const { line, column } = this.pos(at(second));
    const other = this.pos(at(first)).line;
    return new DigestpinError(
      'MALFORMED_YAML',
      `${this.file}:${line}:${column}: duplicate key "${key}" (also at line ${other}): kubectl keeps the last value, kustomize refuses the file; refused (nothing was written)`,
      `Remove one of the two "${key}" keys.`,
    );
  }

  private path(map: YAMLMap, keys: string[]): unknown {
    let n: unknown = map;
    for (const key of keys) {
      n = this.deref(n);
      if (!isMap(n)) return undefined;
      n = this.get(n, key);
    }
    return n;
  }

  private str(node: unknown): string | undefined {
    const n = this.deref(node);
    return isScalar(n) && typeof n.value === 'string' ? n.value : undefined;
  }

  private span(node: unknown): ScalarSpan | undefined {
    const n = this.deref(node);
    if (!isScalar(n) || !n.range || n.value === null) return undefined;
    const scalar = n as Scalar & { source?: unknown };
    const value =
      typeof scalar.source === 'string' && scalar.type === 'PLAIN'
        ? scalar.source
        : String(scalar.value);
    const style =
      scalar.type === 'QUOTE_SINGLE'
        ? 'single'
        : scalar.type === 'QUOTE_DOUBLE'
          ? 'double'
          : scalar.type === 'PLAIN'
            ? 'plain'
            : 'block';
    return { start: n.range[0], end: n.range[1], value, style };
  }

  /** Whether a value at `offset` is met for the first time as a field of `kind` (0–3). */
  private once(offset: number, kind: number): boolean {
    const key = offset * 4 + kind;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }

  private pos(offset: number): { line: number; column: number } {
    const { line, col } = this.lines.linePos(offset);
    const bom = line === 1 && this.text.charCodeAt(0) === 0xfeff ? 1 : 0;
    return { line, column: col - bom };
  }

  private where(span: ScalarSpan): { line: number; column: number; ignore: string[] } {
    const p = this.pos(span.start);
    if (!this.ignorable) return { line: p.line, column: p.column, ignore: [] };
    let ignore = this.ignoreByLine.get(p.line);
    if (!ignore) {
      // line starts come from the LineCounter: a one-line 10 MB JSON file is scanned once, not
      // once per image
      const lines = this.lines;
      const lineText = this.text.slice(
        lines.lineStart(p.line - 1) ?? 0,
        lines.lineStart(p.line) ?? this.text.length,
      );
      const m = IGNORE_RE.exec(lineText);
      ignore = m?.[1] ? m[1].split(/[\s,]+/).filter(Boolean) : [];
      this.ignoreByLine.set(p.line, ignore);
    }
    return { ...p, ignore: [...ignore] };
  }
}

/** Parses every document with the full `yaml` parser and feeds it to `locator`. */
async function fullParse(
  path: string,
  text: string,
  lines: LineCounter,
  locator: Locator,
): Promise<void> {
  const { parseAllDocuments, visit } = await loadYaml();
  const docs = parseAllDocuments(text, {
    keepSourceTokens: true,
    lineCounter: lines,
    uniqueKeys: false,
  });
  const list = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    const err = doc.errors[0];
    if (err) {
      const { line, col } = lines.linePos(err.pos[0]);
      // the parser catches its own stack overflow and reports it as a YAML error
      const deep = err.message.includes('Maximum call stack size exceeded');
      const what = deep
        ? 'nested too deeply to parse (hundreds of levels of [, { or -); refused'
        : (err.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? err.code);
      throw new DigestpinError(
        'MALFORMED_YAML',
        `${path}:${line}:${col}: ${what}`,
        deep
          ? 'Real manifests nest a few dozen levels at most: check where this file comes from (nothing was written).'
          : 'Fix the YAML syntax (nothing was written).',
      );
    }
  }
  for (const doc of list) {
    locator.document(doc.contents, doc);
    locator.checkAnchors(doc, visit);
  }
}

/**
 * Parses every document of a file and returns its image fields. Rejects with MALFORMED_YAML.
 * Block-style files go through the fast path (fastparse.ts); the rest, and `full: true`, through
 * `yaml`, which is loaded then.
 */
export async function locateImages(
  path: string,
  text: string,
  opts: { full?: boolean } = {},
): Promise<LocatedFile> {
  checkManifestSize(path, text);
  refuseOddLineBreaks(path, text);
  const template = text.includes('{{');
  if (!opts.full) {
    const lines = new LineCounter();
    // On the fast path every key is written out literally (fastparse.ts declines escapes, aliases
    // and merge keys), so a text without the word holds no `repository` key: no Helm-style values.
    const locator = new Locator(path, text, lines, text.includes('repository'));
    if (fastParseEach(text, lines, (root) => locator.document(root)))
      return { path, text, images: locator.images, template };
  }
  const lines = new LineCounter();
  const locator = new Locator(path, text, lines);
  await fullParse(path, text, lines, locator);
  return { path, text, images: locator.images, template };
}
