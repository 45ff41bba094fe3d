/**
 * A fast path for the YAML most manifests are written in: block maps and sequences, one-line plain
 * and quoted scalars, one-line flow collections, comments, block scalars. It builds the same `yaml`
 * nodes (with source ranges) that locate.ts walks, much faster than the full parser
 * (docs/decisions/fast-yaml-reader.md).
 *
 * It is strict: anything it does not fully understand (anchors, aliases, tags, multi-line scalars
 * or flow collections, tabs, directives, complex keys, odd indentation) makes it return undefined,
 * and the caller parses the file with the full parser, which also reports malformed YAML. A
 * differential test holds it to the full parser's results over the corpus and mutations of it.
 */
import type { LineCounter, Scalar } from 'yaml';
import { MAP, NODE_TYPE, PAIR, SCALAR, SEQ } from './yaml-nodes.js';

// Light nodes: small class instances that the `yaml` type guards (isMap, isSeq, isScalar, isPair)
// accept, by the node-type symbol those guards read (on the prototype), because the library's
// node classes cost much more here (constructors define properties one by one), mostly in
// garbage collection. For the same reason each keeps its offsets and makes the `range` array the
// library's nodes carry only when asked (the locator asks for a few per image): on a large file
// the nodes are most of what the reader allocates.

type Range = [number, number, number];
export interface FastScalar {
  readonly [NODE_TYPE]: symbol;
  readonly value: string | null;
  readonly source: string;
  readonly type: Scalar['type'];
  readonly range: Range;
}
export interface FastMap {
  readonly [NODE_TYPE]: symbol;
  items: FastPair[];
  readonly flow: boolean;
  readonly range: Range;
}
export interface FastSeq {
  readonly [NODE_TYPE]: symbol;
  items: Node[];
  readonly flow: boolean;
  readonly range: Range;
}
export interface FastPair {
  readonly [NODE_TYPE]: symbol;
  readonly key: FastScalar;
  value: Node | null;
}
export type Node = FastMap | FastSeq | FastScalar;

class LightScalar implements FastScalar {
  declare readonly [NODE_TYPE]: symbol;
  constructor(
    readonly value: string | null,
    readonly source: string,
    readonly type: Scalar['type'],
    private readonly start: number,
    private readonly end: number,
  ) {}

  get range(): Range {
    return [this.start, this.end, this.end];
  }
}

/** A block collection's range is its start, three times (what locate.ts may read of it). */
class LightCollection<T> {
  declare readonly [NODE_TYPE]: symbol;
  /** One past a flow collection's closing bracket. */
  end: number;
  constructor(
    public items: T[],
    readonly flow: boolean,
    private readonly start: number,
  ) {
    this.end = start;
  }

  get range(): Range {
    return [this.start, this.end, this.end];
  }
}
class LightMap extends LightCollection<FastPair> implements FastMap {}
class LightSeq extends LightCollection<Node> implements FastSeq {}

class LightPair implements FastPair {
  declare readonly [NODE_TYPE]: symbol;
  constructor(
    readonly key: FastScalar,
    public value: Node | null,
  ) {}
}

for (const [type, symbol] of [
  [LightScalar, SCALAR],
  [LightMap, MAP],
  [LightSeq, SEQ],
  [LightPair, PAIR],
] as const)
  Object.defineProperty(type.prototype, NODE_TYPE, { value: symbol });

const newMap = (flow: boolean, pos: number): LightMap => new LightMap([], flow, pos);
const newSeq = (flow: boolean, pos: number): LightSeq => new LightSeq([], flow, pos);
const newPair = (key: FastScalar, value: Node | null): FastPair => new LightPair(key, value);
const isSeqNode = (n: Node | FastPair | undefined): n is FastSeq => n?.[NODE_TYPE] === SEQ;
const isScalarNode = (n: Node | FastPair | undefined): n is FastScalar => n?.[NODE_TYPE] === SCALAR;

class Bail extends Error {}
const bail = (): never => {
  throw new Bail();
};

interface Context {
  indent: number;
  node: FastMap | FastSeq;
}

/** A key whose value (or a `-` whose item) is on the following lines. */
interface Pending {
  /** Nested block lines must be indented more than this; a sequence may sit at `seqIndent`. */
  indent: number;
  seqIndent: number;
  /** Where the value goes: the pair's value, or else the next item of `seq`. */
  pair: FastPair | undefined;
  seq: FastSeq | undefined;
  /** Offset for an empty (null) value. */
  at: number;
}

function settle(p: Pending, node: Node): void {
  if (p.pair) p.pair.value = node;
  else p.seq?.items.push(node);
}

// Scanning works on char codes, without a regular expression per line or per scalar and without
// one-character strings: on a large file the scanner's own garbage is much of its cost.
const SPACE = 0x20;
const HASH = 0x23; // #
const DASH = 0x2d; // -
const COLON = 0x3a; // :
const COMMA = 0x2c; // ,
const CR = 0x0d;
const LF = 0x0a;
const DQUOTE = 0x22; // "
const SQUOTE = 0x27; // '
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b; // {
const CLOSE_BRACE = 0x7d; // }
const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACKET = 0x5d; // ]

/** `-?:,[]{}#&*!|>'"%@` and the backquote: what a plain scalar may not start with. */
function isIndicator(c: number): boolean {
  switch (c) {
    case DASH:
    case 0x3f: // ?
    case COLON:
    case COMMA:
    case OPEN_BRACKET:
    case CLOSE_BRACKET:
    case OPEN_BRACE:
    case CLOSE_BRACE:
    case HASH:
    case 0x26: // &
    case 0x2a: // *
    case 0x21: // !
    case 0x7c: // |
    case 0x3e: // >
    case SQUOTE:
    case DQUOTE:
    case 0x25: // %
    case 0x40: // @
    case 0x60: // `
      return true;
    default:
      return false;
  }
}

/** A space, `,`, `]` or `}`: what makes a `:` end a plain scalar (or keeps a `-` from starting one). */
const isFlowEndOrSpace = (c: number): boolean =>
  c === SPACE || c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE;

/** The first character of a plain key: `[A-Za-z0-9_./$]`. */
function isKeyStart(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x5f || // _
    c === 0x2e || // .
    c === 0x2f || // /
    c === 0x24 // $
  );
}

/** What a plain key may not contain: `:#'"{}[],` and line breaks. */
function endsPlainKey(c: number): boolean {
  switch (c) {
    case COLON:
    case HASH:
    case SQUOTE:
    case DQUOTE:
    case OPEN_BRACE:
    case CLOSE_BRACE:
    case OPEN_BRACKET:
    case CLOSE_BRACKET:
    case COMMA:
    case CR:
    case LF:
      return true;
    default:
      return false;
  }
}

const NULLS = new Set(['~', 'null', 'Null', 'NULL']);
/** A block scalar header: indicator, chomping, then only a comment (sticky: read at lastIndex). */
const BLOCK_HEADER_RE = /[|>][+-]?(?:[ ]+#[^\r\n]*)?(?=\r?\n|$)/y;

function isBlockHeader(text: string, pos: number): boolean {
  const c = text.charCodeAt(pos);
  if (c !== 0x7c && c !== 0x3e) return false;
  BLOCK_HEADER_RE.lastIndex = pos;
  return BLOCK_HEADER_RE.test(text);
}

/**
 * A key at `pos`, as `([A-Za-z0-9_./$][^:#'"{}[\],\r\n]*?|"[^"\\\r\n]*"|'[^'\r\n]*')[ ]*:` followed
 * by spaces or the end of the line: returns where its value starts (after the spaces), or -1, and
 * sets `out.keyEnd` one past the key as written (its closing quote, or its last character before
 * the spaces and `:`).
 */
function keyAt(text: string, pos: number, end: number, out: { keyEnd: number }): number {
  const first = text.charCodeAt(pos);
  let p: number;
  if (first === DQUOTE || first === SQUOTE) {
    p = pos + 1;
    for (;;) {
      if (p >= text.length) return -1;
      const c = text.charCodeAt(p);
      if (c === first) break;
      if (c === CR || c === LF || (first === DQUOTE && c === BACKSLASH)) return -1;
      p++;
    }
    p++;
    out.keyEnd = p;
    while (p < end && text.charCodeAt(p) === SPACE) p++;
  } else {
    if (!isKeyStart(first)) return -1;
    p = pos + 1;
    while (p < text.length && !endsPlainKey(text.charCodeAt(p))) p++;
    let e = p;
    while (e > pos + 1 && text.charCodeAt(e - 1) === SPACE) e--;
    out.keyEnd = e;
  }
  if (p >= end || text.charCodeAt(p) !== COLON) return -1;
  p++;
  // the value starts after at least one space, unless the line ends right after the `:`
  if (p < end && text.charCodeAt(p) !== SPACE) return -1;
  while (p < end && text.charCodeAt(p) === SPACE) p++;
  return p;
}

const IMAGE_KEYS = new Set([
  'image',
  'name',
  'newName',
  'newTag',
  'digest',
  'registry',
  'repository',
  'tag',
  'kind',
]);

function scalar(
  value: string | null,
  source: string,
  type: Scalar['type'],
  start: number,
  end: number,
): FastScalar {
  return new LightScalar(value, source, type, start, end);
}

/** Reads one scalar or flow collection at text[pos..lineEnd); `stop` is set to where it ended. */
class ValueReader {
  stop = 0;
  /**
   * Items of the flow collections being read, innermost last: each collection takes its own off
   * the end when it closes, as an array of just that length (most hold one or two items; an
   * array pushed to from empty reserves room for 17).
   */
  private readonly scratch: (Node | FastPair)[] = [];

  constructor(private readonly text: string) {}

  /** A value in block context that must end the line (only spaces and a comment may follow). */
  block(pos: number, end: number): Node {
    const node = this.value(pos, end, false);
    this.rest(this.stop, end);
    return node;
  }

  private rest(pos: number, end: number): void {
    let p = pos;
    while (p < end && this.text.charCodeAt(p) === SPACE) p++;
    if (p < end && (this.text.charCodeAt(p) !== HASH || p === pos)) bail();
  }

  private value(pos: number, end: number, flow: boolean): Node {
    const c = this.text.charCodeAt(pos);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) return this.flow(pos, end);
    if (c === DQUOTE) return this.quoted(pos, end, '"');
    if (c === SQUOTE) return this.quoted(pos, end, "'");
    return this.plain(pos, end, flow);
  }

  private quoted(pos: number, end: number, q: string): Node {
    let p = pos + 1;
    for (;;) {
      p = this.text.indexOf(q, p);
      if (p === -1 || p >= end) return bail();
      if (q === "'" && this.text.charCodeAt(p + 1) === SQUOTE) p += 2;
      else if (q === '"' && this.text.charCodeAt(p - 1) === BACKSLASH) return bail();
      else break;
    }
    const raw = this.text.slice(pos + 1, p);
    if (q === '"' && raw.includes('\\')) bail();
    const value = q === "'" && raw.includes("'") ? raw.replace(/''/g, "'") : raw;
    this.stop = p + 1;
    return scalar(value, value, q === "'" ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE', pos, p + 1);
  }

  private plain(pos: number, end: number, flow: boolean): Node {
    const text = this.text;
    if (pos >= text.length) bail();
    const c = text.charCodeAt(pos);
    // `-` starts a plain scalar when anything but a space or `,]}` follows it
    if (
      isIndicator(c) &&
      !(c === DASH && !isFlowEndOrSpace(pos + 1 < text.length ? text.charCodeAt(pos + 1) : SPACE))
    )
      bail();
    let p = pos;
    for (; p < end; p++) {
      const ch = text.charCodeAt(p);
      if (ch === HASH && text.charCodeAt(p - 1) === SPACE) break;
      if (flow && (ch === COMMA || ch === CLOSE_BRACKET || ch === CLOSE_BRACE)) break;
      if (ch === COLON && (p + 1 === end || isFlowEndOrSpace(text.charCodeAt(p + 1)))) {
        if (flow) break;
        bail();
      }
    }
    let e = p;
    while (e > pos && text.charCodeAt(e - 1) === SPACE) e--;
    if (e === pos) bail();
    const raw = text.slice(pos, e);
    this.stop = e;
    return scalar(raw.length <= 4 && NULLS.has(raw) ? null : raw, raw, 'PLAIN', pos, e);
  }

  private flow(pos: number, end: number): Node {
    const text = this.text;
    const close = text.charCodeAt(pos) === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
    const map = close === CLOSE_BRACE ? newMap(true, pos) : undefined;
    const seq = map ? undefined : newSeq(true, pos);
    const node = (map ?? seq) as LightMap | LightSeq;
    const scratch = this.scratch;
    const mark = scratch.length;
    let p = this.skip(pos + 1, end);
    if (text.charCodeAt(p) === close) {
      node.end = p + 1;
      this.stop = p + 1;
      return node;
    }
    for (;;) {
      const item = this.value(p, end, true);
      p = this.skip(this.stop, end);
      if (map) {
        if (!isScalarNode(item) || text.charCodeAt(p) !== COLON) return bail();
        p = this.skip(p + 1, end);
        const v = this.value(p, end, true);
        scratch.push(newPair(item, v));
        p = this.skip(this.stop, end);
      } else {
        if (text.charCodeAt(p) === COLON) bail();
        scratch.push(item);
      }
      if (text.charCodeAt(p) === close) break;
      if (text.charCodeAt(p) !== COMMA) bail();
      p = this.skip(p + 1, end);
      if (text.charCodeAt(p) === close) break;
    }
    node.end = p + 1;
    node.items = scratch.splice(mark) as FastPair[] & Node[];
    this.stop = p + 1;
    return node;
  }

  private skip(pos: number, end: number): number {
    let p = pos;
    while (p < end && this.text.charCodeAt(p) === SPACE) p++;
    if (p >= end) bail();
    return p;
  }
}

/** Builds the documents of `text`, or returns undefined when the full parser must do it. */
export function fastParse(text: string, lines: LineCounter): Node[] | undefined {
  const docs: Node[] = [];
  return fastParseEach(text, lines, (root) => docs.push(root)) ? docs : undefined;
}

/**
 * Hands each document's root to `onDocument` as soon as it is complete, so a caller that keeps
 * only what it finds lets each tree die young (a 3 MB file kept whole costs more in garbage
 * collection than in parsing). Returns false when the full parser must do the file: the calls
 * made so far must then be discarded.
 */
export function fastParseEach(
  text: string,
  lines: LineCounter,
  onDocument: (root: Node) => void,
): boolean {
  try {
    new Builder(text, lines, onDocument).run();
    return true;
  } catch (err) {
    // a flow collection nested deeper than the stack: the full parser reports it
    if (err instanceof Bail || err instanceof RangeError) return false;
    throw err;
  }
}

class Builder {
  private stack: Context[] = [];
  private pending: Pending | undefined;
  private root: Node | undefined;
  private readonly reader: ValueReader;
  /** keyAt's second result. */
  private readonly key = { keyEnd: 0 };

  constructor(
    private readonly text: string,
    private readonly lines: LineCounter,
    private readonly onDocument: (root: Node) => void,
  ) {
    this.reader = new ValueReader(text);
  }

  run(): void {
    const text = this.text;
    let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    this.lines.addNewLine(0);
    if (text.includes('\t') || /\r(?!\n)/.test(text)) bail();
    let blockIndent = -1;
    let contentIndent = -1;
    while (start <= text.length) {
      const nl = text.indexOf('\n', start);
      const next = nl === -1 ? text.length + 1 : nl + 1;
      if (nl !== -1) this.lines.addNewLine(nl + 1);
      let end = nl === -1 ? text.length : nl;
      if (end > 0 && text.charCodeAt(end - 1) === CR) end--;
      let ind = start;
      while (ind < end && text.charCodeAt(ind) === SPACE) ind++;
      const indent = ind - start;
      const blank = ind === end || text.charCodeAt(ind) === HASH;
      if (blockIndent >= 0) {
        if (ind === end || indent > blockIndent) {
          if (ind !== end && contentIndent === -1) contentIndent = indent;
          if (ind !== end && indent < contentIndent) bail();
          start = next;
          continue;
        }
        blockIndent = -1;
        contentIndent = -1;
      }
      const marker = start + 3 === end || text.charCodeAt(start + 3) === SPACE;
      if (
        indent === 0 &&
        marker &&
        (text.startsWith('---', start) || text.startsWith('...', start))
      ) {
        const after = text.slice(start + 3, end).trim();
        if (after !== '' && !after.startsWith('#')) bail();
        this.endDocument();
      } else if (text.charCodeAt(start) === 0x25)
        bail(); // % (a directive)
      else if (!blank) blockIndent = this.line(ind, end, indent);
      start = next;
    }
    this.endDocument();
  }

  private endDocument(): void {
    const p = this.pending;
    if (p) settle(p, scalar(null, '', 'PLAIN', p.at, p.at));
    if (this.root) this.onDocument(this.root);
    this.root = undefined;
    this.stack = [];
    this.pending = undefined;
  }

  /** One content line; returns the indentation a block scalar it opens must exceed (or -1). */
  private line(pos: number, end: number, indent: number): number {
    const text = this.text;
    const dash =
      text.charCodeAt(pos) === DASH && (pos + 1 === end || text.charCodeAt(pos + 1) === SPACE);
    const p = this.pending;
    if (p) {
      this.pending = undefined;
      if (dash && indent >= p.seqIndent && indent > p.seqIndent - 1) {
        const seq = this.open(newSeq(false, pos), indent);
        settle(p, seq);
      } else if (!dash && indent > p.indent) {
        settle(p, this.open(newMap(false, pos), indent));
      } else if (indent > p.indent) bail();
      else settle(p, scalar(null, '', 'PLAIN', p.at, p.at));
    }
    const stack = this.stack;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.indent > indent || (top.indent === indent && isSeqNode(top.node) && !dash)) {
        stack.pop();
      } else break;
    }
    if (stack.length === 0) {
      if (this.root) bail();
      this.root = this.open(dash ? newSeq(false, pos) : newMap(false, pos), indent);
    }
    const top = stack[stack.length - 1];
    if (top.indent !== indent) bail();
    if (isSeqNode(top.node)) {
      if (!dash) bail();
      return this.item(top.node, pos, end, indent);
    }
    if (dash) bail();
    return this.pair(top.node, pos, end, indent);
  }

  private open<T extends FastMap | FastSeq>(node: T, indent: number): T {
    this.stack.push({ indent, node });
    return node;
  }

  private item(seq: FastSeq, pos: number, end: number, indent: number): number {
    const text = this.text;
    let v = pos + 1;
    while (v < end && text.charCodeAt(v) === SPACE) v++;
    if (v === end || text.charCodeAt(v) === HASH) {
      this.pending = { indent, seqIndent: indent + 1, pair: undefined, seq, at: v };
      return -1;
    }
    if (text.charCodeAt(v) === DASH && (v + 1 === end || text.charCodeAt(v + 1) === SPACE)) bail();
    if (keyAt(text, v, end, this.key) !== -1) {
      const map = this.open(newMap(false, v), v - pos + indent);
      seq.items.push(map);
      return this.pair(map, v, end, v - pos + indent);
    }
    if (isBlockHeader(text, v)) bail();
    seq.items.push(this.reader.block(v, end));
    return -1;
  }

  private pair(map: FastMap, pos: number, end: number, indent: number): number {
    const text = this.text;
    const v = keyAt(text, pos, end, this.key);
    if (v === -1) return bail();
    const first = text.charCodeAt(pos);
    const quoted = first === DQUOTE || first === SQUOTE;
    let keyEnd = this.key.keyEnd;
    let keyText = text.slice(quoted ? pos + 1 : pos, quoted ? keyEnd - 1 : keyEnd);
    const last = text.charCodeAt(keyEnd - 1);
    // a plain key ending past ASCII (U+00A0, U+3000, …): YAML keeps those characters in the key,
    // JavaScript's trimEnd would not; the full parser reads it
    if (!quoted && last > 0x7e) return bail();
    if (!quoted && last < 0x21) {
      // a tab before the colon: YAML white space, not part of the key
      keyText = keyText.trimEnd();
      keyEnd = pos + keyText.length;
    }
    const key = scalar(
      keyText,
      keyText,
      quoted ? (first === DQUOTE ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE') : 'PLAIN',
      pos,
      keyEnd,
    );
    if (keyText === '<<') bail();
    if (v >= end || text.charCodeAt(v) === HASH) {
      const pair = newPair(key, null);
      map.items.push(pair);
      this.pending = { indent, seqIndent: indent, pair, seq: undefined, at: v };
      return -1;
    }
    if (isBlockHeader(text, v)) {
      const rest = text.slice(v, end);
      if (IMAGE_KEYS.has(keyText)) bail();
      const header = rest.replace(/[ ]+#.*$/, '');
      map.items.push(
        newPair(
          key,
          scalar('', header, header[0] === '|' ? 'BLOCK_LITERAL' : 'BLOCK_FOLDED', v, end),
        ),
      );
      return indent;
    }
    map.items.push(newPair(key, this.reader.block(v, end)));
    return -1;
  }
}
