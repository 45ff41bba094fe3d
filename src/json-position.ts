/**
 * Where a JSON text stops being JSON: Node's JSON.parse does not always say (V8 writes `Unexpected
 * token '}', …"x": [}]" is not valid JSON`), and a user fixing a file wants the line and column.
 * Also, V8's message quotes the text around the error: in an auth file, a password.
 */

class Stop extends Error {
  constructor(readonly at: number) {
    super(`JSON syntax error at ${at}`);
  }
}

/** The offset of the first syntax error in `s`, or -1 when it is valid JSON. */
export function jsonErrorOffset(s: string): number {
  let i = 0;
  const fail = (): never => {
    throw new Stop(i);
  };
  const ws = () => {
    while (i < s.length && ' \t\n\r'.includes(s[i])) i++;
  };
  const literal = (word: string) => {
    if (s.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    i++;
    while (i < s.length && s[i] !== '"') {
      if (s.charCodeAt(i) < 0x20) fail();
      i += s[i] === '\\' ? 2 : 1;
    }
    if (i >= s.length) fail();
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(s.slice(i, i + 400));
    if (!m) fail();
    else i += m[0].length;
  };
  const value = (): void => {
    ws();
    const c = s[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (s[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          ws();
          if (s[i] !== '"') fail();
          string();
          ws();
          if (s[i] !== ':') fail();
          i++;
        }
        value();
        ws();
        if (s[i] === ',') i++;
        else if (s[i] === close) {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    number();
  };
  try {
    value();
    ws();
    if (i < s.length) fail();
    return -1;
  } catch (err) {
    if (err instanceof Stop) return err.at;
    throw err;
  }
}

/** The 1-based line and column of the first syntax error, or undefined when there is none. */
export function jsonErrorLineColumn(
  s: string,
): { line: number; column: number; at: number } | undefined {
  const at = jsonErrorOffset(s);
  if (at < 0) return undefined;
  const before = s.slice(0, at).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1, at };
}

/** `line 3, column 7 (offset 41)` for the first syntax error, or '' when there is none. */
export function jsonErrorPosition(s: string): string {
  const p = jsonErrorLineColumn(s);
  return p ? `line ${p.line}, column ${p.column} (position ${p.at})` : '';
}
