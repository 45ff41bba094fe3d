/**
 * GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`), escaped the
 * way @actions/core escapes them, so a value read from a manifest cannot end the command or start
 * another one.
 */
import { summaryLine } from './text.js';
import type { CheckReport } from './types.js';

/**
 * White space the runner's command parser trims before it looks for `::` (.NET Char.IsWhiteSpace:
 * ASCII TAB..CR and space, NEL, NBSP, every Unicode space, line and paragraph separator), plus the
 * ASCII information separators and U+180E, which some .NET versions also count.
 */
const RUNNER_WS = '[\\s\\u0085\\u180e\\x1c-\\x1f]';
const LINE_COMMAND = new RegExp(`^(${RUNNER_WS}*)::`, 'gm');

/**
 * Makes text that is not meant as workflow commands safe to print in a GitHub Actions job. The
 * runner (actions/runner ActionCommand.TryParseV2 and TryParse) reads a line of stdout or stderr as
 * a command when, after trimming any Unicode white space (VT, NBSP, …), it starts with `::`, and
 * when `##[` appears anywhere in it. A file name or an image value could otherwise print
 * `::error::…`, `::stop-commands::…` or `… ##[error]…`. A `::` at the start of a line gets a
 * leading backslash; every `##[` becomes `##\[`.
 */
export function neutralizeCommands(text: string): string {
  return text.replace(/##\[/g, '##\\[').replace(LINE_COMMAND, '$1\\::');
}

/** Escapes the message part of a workflow command, and breaks any `##[` inside it. */
export function escapeData(s: string): string {
  return s
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(/##\[/g, '##\\[');
}

/** Escapes a property value (file, title): also `:` and `,`, which delimit properties. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::name k=v,…::message`, every part escaped (also used by verify's reporter). */
export function command(
  name: string,
  props: Record<string, string | number>,
  message: string,
): string {
  const list = Object.entries(props)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${name} ${list}::${escapeData(message)}`;
}

/** An annotation: the workflow command's name, its properties and its message (unescaped). */
export interface Annotation {
  level: 'error' | 'warning';
  file: string;
  line?: number;
  column?: number;
  title: string;
  message: string;
}

/**
 * One annotation per finding (severity as level, `digestpin <rule>` as title, the fix in the
 * message) and per skipped file. Shared by `check --format github` and the action.
 */
export function annotationsOf(report: Pick<CheckReport, 'findings' | 'skipped'>): Annotation[] {
  return [
    ...report.findings.map((f): Annotation => ({
      level: f.severity,
      file: f.path,
      line: f.line,
      column: f.column,
      title: `digestpin ${f.rule}`,
      message: `${f.message}\nfix: ${f.fix}`,
    })),
    ...report.skipped.map((s): Annotation => ({
      level: 'warning',
      file: s.path,
      title: 'digestpin skipped',
      message: s.reason,
    })),
  ];
}

/** One annotation per finding and per skipped file, then the summary as a plain line. */
export function formatGithub(report: CheckReport): string {
  const lines = annotationsOf(report).map((a) => {
    const props: Record<string, string | number> = { file: a.file };
    if (a.line !== undefined) props.line = a.line;
    if (a.column !== undefined) props.col = a.column;
    props.title = a.title;
    return command(a.level, props, a.message);
  });
  // The summary is our own text, but escape it anyway: it must never read as a command.
  lines.push(escapeData(summaryLine(report)));
  return `${lines.join('\n')}\n`;
}
