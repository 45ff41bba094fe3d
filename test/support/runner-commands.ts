/* eslint-disable no-control-regex -- this file matches control characters on purpose */
/**
 * What the GitHub Actions runner reads as workflow commands in a process's output, written from the
 * runner's documented behaviour (actions/runner ActionCommand.TryParseV2 / TryParse): output is
 * split into lines at LF, CR and CRLF; a line is a `::name …::` command when it starts with `::`
 * after .NET's TrimStart (every Unicode white space: VT, FF, NEL, NBSP, U+2000…); and a line that
 * holds `##[` anywhere is tried as an old-style `##[name …]` command.
 */

// .NET Char.IsWhiteSpace, as TrimStart uses it (a superset is fine for a test).
const LEADING_WS = /^[\s\u0085\u180e\x1c-\x1f]*/;

export interface RunnerCommand {
  line: string;
  form: 'v2' | 'v1';
  name: string;
}

export function runnerCommands(output: string): RunnerCommand[] {
  const found: RunnerCommand[] = [];
  for (const line of output.split(/\r\n|\r|\n/)) {
    const trimmed = line.replace(LEADING_WS, '');
    if (trimmed.startsWith('::')) {
      const name = /^::([^ :]*)/.exec(trimmed)?.[1] ?? '';
      found.push({ line, form: 'v2', name });
    }
    const at = line.indexOf('##[');
    if (at >= 0) {
      const name = /^##\[([^ \]]*)/.exec(line.slice(at))?.[1] ?? '';
      found.push({ line, form: 'v1', name });
    }
  }
  return found;
}

/** Terminal control sequences (ESC, CSI, OSC, BEL) or other raw control characters left in text. */
export function rawControls(output: string): string[] {
  return (
    output.match(/[\0-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g) ?? []
  );
}
