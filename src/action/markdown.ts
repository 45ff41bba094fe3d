/**
 * Escaping for GitHub-flavoured markdown built from untrusted strings (image references, file paths,
 * manifest lines, error messages). Nothing a registry, a manifest or a pull request author controls
 * may open a link, an image, an HTML element, a table cell or a code fence in a summary or comment.
 */
import { escapeControls } from '../report/terminal.js';

/**
 * Inline text: every ASCII punctuation character becomes a numeric character reference, so it is
 * neither markdown syntax (`*`, `[`, `|`, `` ` ``, `!`…) nor HTML (`<`, `&`); line breaks become spaces.
 * GitHub renders the references as the characters themselves.
 */
export function text(value: string): string {
  return escapeControls(value.replace(/[\r\n\u2028\u2029]+/g, ' ')).replace(
    /[!-/:-@[-`{-~]/g,
    (c) => `&#${c.charCodeAt(0)};`,
  );
}

/** Inline code: a <code> element with escaped contents (a backtick in the value cannot close it). */
export function code(value: string): string {
  return `<code>${text(value)}</code>`;
}

/**
 * A fenced code block whose fence is longer than any backtick run in the body, so no line of the
 * body can close it (CommonMark); inside a fence nothing is markdown or HTML.
 */
export function fence(body: string, info = ''): string {
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  return `${ticks}${info}\n${escapeControls(body.replace(/\r/g, ''))}\n${ticks}`;
}

/**
 * A hidden HTML comment on one line; `-->`/`>`/`<` and line breaks in the value are escaped so it
 * cannot end the comment early or spill onto a second line.
 */
export function hiddenMarker(value: string): string {
  return `<!-- ${value.replace(/[<>&\r\n\u2028\u2029-]/g, (c) => `&#${c.charCodeAt(0)};`)} -->`;
}
