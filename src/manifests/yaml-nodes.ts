/**
 * What locate.ts needs of the `yaml` library on the fast path, without loading it: the node type
 * guards and the line counter. Loading `yaml` evaluates a large chunk up front, a start-up cost
 * that pin, check and verify would pay for nothing when every file takes the fast path
 * (fastparse.ts) — so the library is imported only for a file the fast path declines
 * (docs/decisions/lazy-loading.md).
 *
 * The guards read the same `Symbol.for` keys as the library's own (`yaml/dist/nodes/identity.js`),
 * so they accept both its nodes and the fast path's plain ones; a unit test holds them to the
 * library's guards. The counter has the library's `LineCounter` shape and is handed to its parser.
 */
import type { Alias, LineCounter as YamlLineCounter, Scalar, YAMLMap, YAMLSeq } from 'yaml';

/** The keys the library's nodes carry (fastparse.ts builds plain nodes with the same ones). */
export const NODE_TYPE = Symbol.for('yaml.node.type');
export const ALIAS = Symbol.for('yaml.alias');
export const MAP = Symbol.for('yaml.map');
export const PAIR = Symbol.for('yaml.pair');
export const SCALAR = Symbol.for('yaml.scalar');
export const SEQ = Symbol.for('yaml.seq');

function typeOf(node: unknown): unknown {
  return node !== null && typeof node === 'object'
    ? (node as { [NODE_TYPE]?: unknown })[NODE_TYPE]
    : undefined;
}

export const isAlias = (node: unknown): node is Alias => typeOf(node) === ALIAS;
export const isMap = (node: unknown): node is YAMLMap => typeOf(node) === MAP;
export const isScalar = (node: unknown): node is Scalar => typeOf(node) === SCALAR;
export const isSeq = (node: unknown): node is YAMLSeq => typeOf(node) === SEQ;

/**
 * Line starts, filled in ascending order by whichever parser reads the text. They are kept in a
 * typed array that doubles as needed: on a large file (135,000 lines for 3 MB) a growing number[]
 * cost ~20 ms of a cold run, a typed array about half of that.
 */
export class LineCounter implements YamlLineCounter {
  private starts = new Int32Array(1024);
  private count = 0;
  /** lineStarts' array, kept until the next line is added. */
  private array: number[] | undefined;

  /**
   * The line starts as an array (the library's shape): made once and kept until a line is added,
   * so the library's error messages, which read it a few times per error, cost no copy each.
   * lineStart(i) reads one without it.
   */
  get lineStarts(): number[] {
    this.array ??= Array.from(this.starts.subarray(0, this.count));
    return this.array;
  }

  /** The offset line `i` (0-based) starts at, or undefined past the last line. */
  lineStart(i: number): number | undefined {
    return i >= 0 && i < this.count ? this.starts[i] : undefined;
  }

  addNewLine = (offset: number): number => {
    this.array = undefined;
    if (this.count === this.starts.length) {
      const grown = new Int32Array(this.starts.length * 2);
      grown.set(this.starts);
      this.starts = grown;
    }
    this.starts[this.count++] = offset;
    return this.count;
  };

  /** 1-based line and column of `offset` (binary search, as the library's). */
  linePos = (offset: number): { line: number; col: number } => {
    const starts = this.starts;
    let low = 0;
    let high = this.count;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((starts[mid] ?? 0) < offset) low = mid + 1;
      else high = mid;
    }
    if (low < this.count && starts[low] === offset) return { line: low + 1, col: 1 };
    if (low === 0) return { line: 0, col: offset };
    const start = starts[low - 1] ?? 0;
    return { line: low, col: offset - start + 1 };
  };
}
