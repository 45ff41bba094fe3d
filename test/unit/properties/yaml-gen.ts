/**
 * fast-check generators of Kubernetes-like YAML for the pin / check --fix properties. A generated
 * file is a list of parts: literal text, and "holes" — the image values (or kustomize / Helm
 * value scalars) a rewrite may change, each with the string it must read as afterwards. The
 * generator knows where every hole is, independently of digestpin's own locator.
 *
 * Varied: documents (Pod, Deployment, CronJob, List, kustomization, Helm values, plain data),
 * image volumes,
 * indentation (2/4, indented or flush sequences), quoting (plain, single, double), block and flow
 * container items, full-line and trailing comments (some quoting image-like text), anchors and
 * aliases, `---` separators, LF or CRLF, a BOM.
 */
import fc from 'fast-check';

export type Part = { lit: string } | { hole: string; expect: string };

export interface GeneratedFile {
  parts: Part[];
  text: string;
}

export interface Rewrite {
  /** Whether a written image name (without tag/digest) is one the rewrite applies to. */
  matches: (name: string) => boolean;
  /** The value a matching container image must read as afterwards. */
  image: (name: string, tag: string | undefined) => string;
  /** kustomize entry (matching name): expected newTag and digest values, undefined = untouched. */
  kustomize?: (tag: string) => { newTag?: string; digest: string };
  /** Helm map (matching repository, no digest key): expected tag value, undefined = untouched. */
  helm?: (tag: string) => string;
  /** Helm map (matching repository): expected repository value, undefined = untouched. */
  helmRepository?: (repository: string) => string;
}

type Quote = 'plain' | 'single' | 'double';
export interface Style {
  eol: '\n' | '\r\n';
  bom: boolean;
  indent: number;
  /** Sequences under a key indented by `indent` (else flush with the key). */
  seqIndent: boolean;
}

/** A generated image value, written as `name[:tag]`. */
export interface ImageValue {
  name: string;
  tag?: string;
  quote: Quote;
  comment?: string;
}

export function quoted(value: string, quote: Quote): string {
  if (quote === 'single') return `'${value.replace(/'/g, "''")}'`;
  if (quote === 'double') return JSON.stringify(value);
  return value;
}

const tagArb = fc.constantFrom('v1', '1.27', 'latest', '2024.01.02-abc', 'v1.2.3_rc1');
const quoteArb = fc.constantFrom<Quote>('plain', 'single', 'double');
const commentArb = fc.constantFrom(
  '# plain comment',
  '# image: registry.example.com/team/app:v1',
  '#: odd comment with "quotes" and \'apostrophes\'',
  '# k8s.gcr.io/pause:3.9 nginx:latest',
  '#',
  '# ünïcödé ✓',
);

export function imageArb(names: string[]): fc.Arbitrary<ImageValue> {
  return fc.record(
    {
      name: fc.constantFrom(...names),
      tag: fc.option(tagArb, { nil: undefined }),
      quote: quoteArb,
      comment: fc.option(commentArb, { nil: undefined }),
    },
    { requiredKeys: ['name', 'quote'] },
  );
}

interface Container {
  image: ImageValue;
  flow: boolean;
  /** Anchor the image value (&aN) and repeat it through an alias in the next container. */
  anchor: boolean;
  /** Between `image:` and the value (block items): spaces, or a line break and deeper indent. */
  gap: 'one' | 'three' | 'next-line';
}

type Doc =
  | {
      kind: 'Pod' | 'Deployment' | 'CronJob';
      containers: Container[];
      init: Container[];
      /** An image volume (volumes[].image.reference). */
      volume?: ImageValue;
    }
  | { kind: 'List'; pods: Container[][] }
  | { kind: 'Kustomization'; entries: { name: string; tag: string; quote: Quote }[] }
  | { kind: 'Helm'; repository: string; tag: string; quote: Quote }
  | { kind: 'Data'; note: string };

/** Image names for container and Helm values, and for kustomize entries. */
export interface Names {
  images: string[];
  kustomize: string[];
}

function docArb({ images: names, kustomize }: Names): fc.Arbitrary<Doc> {
  const container = fc.record({
    image: imageArb(names),
    flow: fc.boolean(),
    anchor: fc.boolean(),
    gap: fc.constantFrom<Container['gap']>('one', 'one', 'three', 'next-line'),
  });
  const containers = fc.array(container, { minLength: 1, maxLength: 3 });
  return fc.oneof(
    fc.record({
      kind: fc.constantFrom('Pod' as const, 'Deployment' as const, 'CronJob' as const),
      containers,
      init: fc.array(container, { maxLength: 2 }),
      volume: fc.option(imageArb(names), { nil: undefined }),
    }),
    fc.record({ kind: fc.constant('List' as const), pods: fc.array(containers, { maxLength: 2 }) }),
    fc.record({
      kind: fc.constant('Kustomization' as const),
      entries: fc.array(
        fc.record({ name: fc.constantFrom(...kustomize), tag: tagArb, quote: quoteArb }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
    fc.record({
      kind: fc.constant('Helm' as const),
      repository: fc.constantFrom(...names),
      tag: tagArb,
      quote: quoteArb,
    }),
    fc.record({
      kind: fc.constant('Data' as const),
      note: fc.constantFrom('image: nginx:1', 'k8s.gcr.io/pause', 'a: [1, 2]', '"quoted: yes"'),
    }),
  );
}

/** Writes parts line by line; `comments` decides (per line) whether a full-line comment goes first. */
class Writer {
  readonly parts: Part[] = [];
  private anchors = 0;

  constructor(
    private readonly style: Style,
    private readonly rewrite: Rewrite,
    private readonly comments: () => string | undefined,
  ) {}

  lit(s: string): void {
    this.parts.push({ lit: s });
  }

  line(col: number, text: string): void {
    const c = this.comments();
    if (c !== undefined) this.lit(`${' '.repeat(col)}${c}${this.style.eol}`);
    this.lit(`${' '.repeat(col)}${text}${this.style.eol}`);
  }

  /** An image value: a hole when the rewrite applies to it, literal text otherwise. */
  value(img: ImageValue): void {
    const written = img.tag === undefined ? img.name : `${img.name}:${img.tag}`;
    const text = quoted(written, img.quote);
    if (this.rewrite.matches(img.name))
      this.parts.push({ hole: text, expect: this.rewrite.image(img.name, img.tag) });
    else this.lit(text);
  }

  scalar(text: string, expect: string | undefined): void {
    if (expect === undefined) this.lit(text);
    else this.parts.push({ hole: text, expect });
  }

  /** `key:` then its sequence items: returns the column of the dashes. */
  seqKey(col: number, key: string): number {
    this.line(col, `${key}:`);
    return this.style.seqIndent ? col + this.style.indent : col;
  }

  containers(col: number, key: string, list: Container[]): void {
    const dash = this.seqKey(col, key);
    let alias: string | undefined;
    list.forEach((c, i) => {
      const pre = this.comments();
      if (pre !== undefined) this.lit(`${' '.repeat(dash)}${pre}${this.style.eol}`);
      const anchor = c.anchor ? `&a${++this.anchors} ` : '';
      const trailing = c.image.comment ? ` ${c.image.comment}` : '';
      if (c.flow) {
        this.lit(`${' '.repeat(dash)}- {name: c${i}, image: ${anchor}`);
        this.value(c.image);
        this.lit(`, ports: [80, 443]}${trailing}${this.style.eol}`);
      } else {
        this.lit(`${' '.repeat(dash)}- name: c${i}${this.style.eol}`);
        const gap =
          c.gap === 'one'
            ? ' '
            : c.gap === 'three'
              ? '   '
              : `${this.style.eol}${' '.repeat(dash + 4)}`;
        this.lit(`${' '.repeat(dash + 2)}image:${gap}${anchor}`);
        this.value(c.image);
        this.lit(`${trailing}${this.style.eol}`);
        this.line(dash + 2, 'imagePullPolicy: IfNotPresent');
      }
      if (alias) this.line(dash, `- {name: again${i}, image: ${alias}}`);
      alias = c.anchor ? `*a${this.anchors}` : undefined;
    });
    if (alias) {
      this.line(dash, '- name: last');
      this.line(dash + 2, `image: ${alias}`);
    }
  }

  podSpec(col: number, containers: Container[], init: Container[], volume?: ImageValue): void {
    this.containers(col, 'containers', containers);
    if (init.length > 0) this.containers(col, 'initContainers', init);
    if (!volume) return;
    const dash = this.seqKey(col, 'volumes');
    this.line(dash, '- name: data');
    this.line(dash + 2, 'image:');
    this.lit(`${' '.repeat(dash + 2 + this.style.indent)}reference: `);
    this.value(volume);
    this.lit(`${volume.comment ? ` ${volume.comment}` : ''}${this.style.eol}`);
    this.line(dash + 2 + this.style.indent, 'pullPolicy: IfNotPresent');
  }

  doc(d: Doc): void {
    const n = this.style.indent;
    switch (d.kind) {
      case 'Pod':
        this.line(0, 'apiVersion: v1');
        this.line(0, 'kind: Pod');
        this.line(0, 'spec:');
        return this.podSpec(n, d.containers, d.init, d.volume);
      case 'Deployment':
        this.line(0, 'kind: Deployment');
        this.line(0, 'metadata: {name: app, labels: {app: web}}');
        this.line(0, 'spec:');
        this.line(n, 'replicas: 2');
        this.line(n, 'template:');
        this.line(2 * n, 'spec:');
        return this.podSpec(3 * n, d.containers, d.init, d.volume);
      case 'CronJob':
        this.line(0, 'kind: CronJob');
        this.line(0, 'spec:');
        this.line(n, "schedule: '*/5 * * * *'");
        this.line(n, 'jobTemplate:');
        this.line(2 * n, 'spec:');
        this.line(3 * n, 'template:');
        this.line(4 * n, 'spec:');
        return this.podSpec(5 * n, d.containers, d.init, d.volume);
      case 'List': {
        this.line(0, 'kind: List');
        if (d.pods.length === 0) return this.line(0, 'items: []');
        const dash = this.seqKey(0, 'items');
        for (const pod of d.pods) {
          this.line(dash, '- kind: Pod');
          this.line(dash + 2, 'spec:');
          this.containers(dash + 2 + n, 'containers', pod);
        }
        return;
      }
      case 'Kustomization': {
        this.line(0, 'kind: Kustomization');
        const dash = this.seqKey(0, 'images');
        for (const e of d.entries) {
          const want = this.rewrite.matches(e.name) ? this.rewrite.kustomize?.(e.tag) : undefined;
          this.line(dash, `- name: ${e.name}`);
          this.lit(`${' '.repeat(dash + 2)}newTag: `);
          // a pinned entry keeps its tag, but a plain one YAML reads as a number (1.27) is quoted:
          // kustomize cannot build it otherwise
          this.scalar(quoted(e.tag, e.quote), want ? (want.newTag ?? e.tag) : undefined);
          this.lit(this.style.eol);
          this.lit(`${' '.repeat(dash + 2)}digest: `);
          this.scalar(`sha256:${'0'.repeat(64)}`, want?.digest);
          this.lit(this.style.eol);
        }
        return;
      }
      case 'Helm': {
        this.line(0, 'image:');
        const matches = this.rewrite.matches(d.repository);
        this.lit(`${' '.repeat(n)}repository: `);
        this.scalar(
          d.repository,
          matches ? this.rewrite.helmRepository?.(d.repository) : undefined,
        );
        this.lit(this.style.eol);
        this.lit(`${' '.repeat(n)}tag: `);
        const want = matches ? this.rewrite.helm?.(d.tag) : undefined;
        this.scalar(quoted(d.tag, d.quote), want);
        this.lit(this.style.eol);
        return this.line(0, 'replicaCount: 1');
      }
      case 'Data':
        return this.line(0, `data: ${JSON.stringify(d.note)}`);
    }
  }
}

const styleArb: fc.Arbitrary<Style> = fc.record({
  eol: fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'),
  bom: fc.boolean(),
  indent: fc.constantFrom(2, 4),
  seqIndent: fc.boolean(),
});

/** Whole files: 1–3 documents in one style, comments sprinkled by a seeded choice per line. */
export function fileArb(names: Names, rewrite: Rewrite): fc.Arbitrary<GeneratedFile> {
  return fc
    .record({
      style: styleArb,
      docs: fc.array(docArb(names), { minLength: 1, maxLength: 3 }),
      commentEvery: fc.integer({ min: 0, max: 5 }),
      comments: fc.array(commentArb, { minLength: 1, maxLength: 4 }),
      leadingSeparator: fc.boolean(),
      trailingNewline: fc.boolean(),
    })
    .map(({ style, docs, commentEvery, comments, leadingSeparator, trailingNewline }) => {
      let n = 0;
      const next = () => {
        n++;
        return commentEvery > 0 && n % commentEvery === 0
          ? comments[n % comments.length]
          : undefined;
      };
      const w = new Writer(style, rewrite, next);
      if (style.bom) w.lit('\ufeff');
      if (leadingSeparator) w.lit(`---${style.eol}`);
      docs.forEach((d, i) => {
        if (i > 0) w.lit(`---${style.eol}`);
        w.doc(d);
      });
      if (!trailingNewline) {
        const last = w.parts[w.parts.length - 1];
        if (last && 'lit' in last && last.lit.endsWith(style.eol))
          last.lit = last.lit.slice(0, -style.eol.length);
      }
      return { parts: w.parts, text: w.parts.map((p) => ('lit' in p ? p.lit : p.hole)).join('') };
    });
}

/**
 * Checks that `after` is `file` with only its holes replaced, each by text `read` turns into the
 * hole's expected value (or left as it was). Returns a description of the first violation.
 */
export function outsideHolesUnchanged(
  file: GeneratedFile,
  after: string,
  read: (scalar: string) => unknown,
): string | undefined {
  let pos = 0;
  const parts = file.parts;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (!p) continue;
    if ('lit' in p) {
      if (!after.startsWith(p.lit, pos))
        return `literal ${JSON.stringify(p.lit)} changed at ${pos}: ${JSON.stringify(after.slice(pos, pos + p.lit.length + 20))}`;
      pos += p.lit.length;
      continue;
    }
    // a hole runs until the next literal (holes are always followed by one, or end the file)
    const nextLit = parts.slice(i + 1).find((q): q is { lit: string } => 'lit' in q);
    const end = nextLit && nextLit.lit !== '' ? after.indexOf(nextLit.lit, pos) : after.length;
    if (end < 0) return `text after the hole ${p.hole} is gone`;
    const replaced = after.slice(pos, end);
    if (replaced !== replaced.trim() || /[\r\n]/.test(replaced))
      return `hole ${p.hole} became ${JSON.stringify(replaced)}: not one scalar`;
    if (replaced !== p.hole && read(replaced) !== p.expect)
      return `hole ${p.hole} became ${replaced}, which reads as ${JSON.stringify(read(replaced))}, not ${p.expect}`;
    pos = end;
  }
  return pos === after.length ? undefined : `extra text at the end: ${after.slice(pos)}`;
}
