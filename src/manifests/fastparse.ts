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

// Light nodes: plain objects that the `yaml` type guards (isMap, isSeq, isScalar, isPair) accept,
// by the node-type symbol those guards read, because the library's node classes cost much more
// here (constructors define properties one by one), mostly in garbage collection.

type Range = [number, number, number];
export interface FastScalar {
  [NODE_TYPE]: symbol;
  value: string | null;
  source: string;
  type: Scalar['type'];
  range: Range;
}
export interface FastMap {
  [NODE_TYPE]: symbol;
  items: FastPair[];
  flow: boolean;
  range: Range;
}
export interface FastSeq {
  [NODE_TYPE]: symbol;
  items: Node[];
  flow: boolean;
  range: Range;
}
export interface FastPair {
  [NODE_TYPE]: symbol;
  key: FastScalar;
  value: Node | null;
}
export type Node = FastMap | FastSeq | FastScalar;

const newMap = (flow: boolean, pos: number): FastMap => ({
  [NODE_TYPE]: MAP,
  items: [],
  flow,
  range: [pos, pos, pos],
});
const newSeq = (flow: boolean, pos: number): FastSeq => ({
  [NODE_TYPE]: SEQ,
  items: [],
  flow,
  range: [pos, pos, pos],
});
const newPair = (key: FastScalar, value: Node | null): FastPair => ({
  [NODE_TYPE]: PAIR,
  key,
  value,
});
const isMapNode = (n: Node | FastPair | undefined): n is FastMap => n?.[NODE_TYPE] === MAP;
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
  set: (node: Node) => void;
  /** Offset for an empty (null) value. */
  at: number;
}

const NULLS = new Set(['~', 'null', 'Null', 'NULL']);
// sticky (matched at lastIndex, no slicing); a line ends at \r\n, \n or the end of the text
const KEY_RE =
  /([A-Za-z0-9_./$][^:#'"{}[\],\r\n]*?|"[^"\\\r\n]*"|'[^'\r\n]*')[ ]*:(?:[ ]+|(?=\r?\n|$))/y;
const BLOCK_HEADER_RE = /[|>][+-]?(?:[ ]+#[^\r\n]*)?(?=\r?\n|$)/y;

function matchAt(re: RegExp, text: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(text);
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
  return { [NODE_TYPE]: SCALAR, value, source, type, range: [start, end, end] };
}

/** Reads one scalar or flow collection at text[pos..lineEnd); returns it and where it ended. */
class ValueReader {
  constructor(private readonly text: string) {}

  /** A value in block context that must end the line (only spaces and a comment may follow). */
  block(pos: number, end: number): Node {
    const [node, stop] = this.value(pos, end, false);
    this.rest(stop, end);
    return node;
  }

  private rest(pos: number, end: number): void {
    let p = pos;
    while (p < end && this.text[p] === ' ') p++;
    if (p < end && (this.text[p] !== '#' || p === pos)) bail();
  }

  private value(pos: number, end: number, flow: boolean): [Node, number] {
    const c = this.text[pos];
    if (c === '{' || c === '[') return this.flow(pos, end);
    if (c === '"') return this.quoted(pos, end, '"');
    if (c === "'") return this.quoted(pos, end, "'");
    return this.plain(pos, end, flow);
  }

  private quoted(pos: number, end: number, q: string): [Node, number] {
    let p = pos + 1;
    for (;;) {
      p = this.text.indexOf(q, p);
      if (p === -1 || p >= end) return bail();
      if (q === "'" && this.text[p + 1] === "'") p += 2;
      else if (q === '"' && this.text[p - 1] === '\\') return bail();
      else break;
    }
    const raw = this.text.slice(pos + 1, p);
    if (q === '"' && raw.includes('\\')) bail();
    const value = q === "'" ? raw.replace(/''/g, "'") : raw;
    return [scalar(value, value, q === "'" ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE', pos, p + 1), p + 1];
  }

  private plain(pos: number, end: number, flow: boolean): [Node, number] {
    const c = this.text[pos] ?? '';
    if (
      '-?:,[]{}#&*!|>\'"%@`'.includes(c) &&
      !(c === '-' && /[^ ,\]}]/.test(this.text[pos + 1] ?? ' '))
    )
      bail();
    let p = pos;
    for (; p < end; p++) {
      const ch = this.text[p];
      if (ch === '#' && this.text[p - 1] === ' ') break;
      if (flow && (ch === ',' || ch === ']' || ch === '}')) break;
      if (ch === ':' && (p + 1 === end || ' ,]}'.includes(this.text[p + 1] ?? ' '))) {
        if (flow) break;
        bail();
      }
    }
    let e = p;
    while (e > pos && this.text[e - 1] === ' ') e--;
    if (e === pos) bail();
    const raw = this.text.slice(pos, e);
    return [scalar(NULLS.has(raw) ? null : raw, raw, 'PLAIN', pos, e), e];
  }

  private flow(pos: number, end: number): [Node, number] {
    const open = this.text[pos];
    const close = open === '{' ? '}' : ']';
    const node = open === '{' ? newMap(true, pos) : newSeq(true, pos);
    let p = this.skip(pos + 1, end);
    if (this.text[p] === close) {
      node.range = [pos, p + 1, p + 1];
      return [node, p + 1];
    }
    for (;;) {
      const [item, after] = this.value(p, end, true);
      p = this.skip(after, end);
      if (isMapNode(node)) {
        if (!isScalarNode(item) || this.text[p] !== ':') return bail();
        p = this.skip(p + 1, end);
        const [v, afterValue] = this.value(p, end, true);
        node.items.push(newPair(item, v));
        p = this.skip(afterValue, end);
      } else {
        if (this.text[p] === ':') bail();
        node.items.push(item);
      }
      if (this.text[p] === close) break;
      if (this.text[p] !== ',') bail();
      p = this.skip(p + 1, end);
      if (this.text[p] === close) break;
    }
    node.range = [pos, p + 1, p + 1];
    return [node, p + 1];
  }

  private skip(pos: number, end: number): number {
    let p = pos;
    while (p < end && this.text[p] === ' ') p++;
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
      if (text[end - 1] === '\r') end--;
      let ind = start;
      while (ind < end && text[ind] === ' ') ind++;
      const indent = ind - start;
      const blank = ind === end || text[ind] === '#';
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
      const marker = start + 3 === end || text[start + 3] === ' ';
      if (
        indent === 0 &&
        marker &&
        (text.startsWith('---', start) || text.startsWith('...', start))
      ) {
        const after = text.slice(start + 3, end).trim();
        if (after !== '' && !after.startsWith('#')) bail();
        this.endDocument();
      } else if (text[start] === '%') bail();
      else if (!blank) blockIndent = this.line(ind, end, indent);
      start = next;
    }
    this.endDocument();
  }

  private endDocument(): void {
    if (this.pending) this.pending.set(scalar(null, '', 'PLAIN', this.pending.at, this.pending.at));
    if (this.root) this.onDocument(this.root);
    this.root = undefined;
    this.stack = [];
    this.pending = undefined;
  }

  /** One content line; returns the indentation a block scalar it opens must exceed (or -1). */
  private line(pos: number, end: number, indent: number): number {
    const dash = this.text[pos] === '-' && (pos + 1 === end || this.text[pos + 1] === ' ');
    const p = this.pending;
    if (p) {
      this.pending = undefined;
      if (dash && indent >= p.seqIndent && indent > p.seqIndent - 1) {
        const seq = this.open(newSeq(false, pos), indent);
        p.set(seq);
      } else if (!dash && indent > p.indent) {
        p.set(this.open(newMap(false, pos), indent));
      } else if (indent > p.indent) bail();
      else p.set(scalar(null, '', 'PLAIN', p.at, p.at));
    }
    while (this.stack.length > 0) {
      const top = this.stack[this.stack.length - 1];
      if (top.indent > indent || (top.indent === indent && isSeqNode(top.node) && !dash)) {
        this.stack.pop();
      } else break;
    }
    if (this.stack.length === 0) {
      if (this.root) bail();
      this.root = this.open(dash ? newSeq(false, pos) : newMap(false, pos), indent);
    }
    const top = this.stack[this.stack.length - 1];
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
    let v = pos + 1;
    while (v < end && this.text[v] === ' ') v++;
    if (v === end || this.text[v] === '#') {
      this.pending = { indent, seqIndent: indent + 1, set: (n) => seq.items.push(n), at: v };
      return -1;
    }
    if (this.text[v] === '-' && (v + 1 === end || this.text[v + 1] === ' ')) bail();
    if (matchAt(KEY_RE, this.text, v)) {
      const map = this.open(newMap(false, v), v - pos + indent);
      seq.items.push(map);
      return this.pair(map, v, end, v - pos + indent);
    }
    if (matchAt(BLOCK_HEADER_RE, this.text, v)) bail();
    seq.items.push(this.reader.block(v, end));
    return -1;
  }

  private pair(map: FastMap, pos: number, end: number, indent: number): number {
    const m = matchAt(KEY_RE, this.text, pos);
    if (!m?.[1]) return bail();
    const rawKey = m[1];
    const quoted = rawKey[0] === '"' || rawKey[0] === "'";
    const keyText = quoted ? rawKey.slice(1, -1) : rawKey.trimEnd();
    const keyEnd = pos + (quoted ? rawKey.length : keyText.length);
    const key = scalar(
      keyText,
      keyText,
      quoted ? (rawKey[0] === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE') : 'PLAIN',
      pos,
      keyEnd,
    );
    if (keyText === '<<') bail();
    const v = pos + m[0].length;
    if (v >= end || this.text[v] === '#') {
      const pair = newPair(key, null);
      map.items.push(pair);
      this.pending = { indent, seqIndent: indent, set: (n) => (pair.value = n), at: v };
      return -1;
    }
    if (matchAt(BLOCK_HEADER_RE, this.text, v)) {
      const rest = this.text.slice(v, end);
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
