/* eslint-disable no-control-regex -- this file matches control characters on purpose */
/**
 * Text that reaches a terminal or a CI log is made inert in two ways:
 * - control characters (ESC and every other C0/C1 control, DEL, bidirectional overrides) are shown
 *   escaped (`\x1b`, `\u202e`), so a file name or an image value cannot move the cursor, recolour
 *   the log, set the title or write the clipboard (OSC 52);
 * - lines that the GitHub Actions runner would read as workflow commands are neutralised (see
 *   neutralizeCommands in github.ts).
 * Line feeds and tabs stay; a CR stays only as part of CRLF.
 */

import { neutralizeCommands } from './github.js';

const CONTROL =
  /[\0-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g;

const NAMED: Record<string, string> = { '\r': '\\r', '\x0b': '\\v', '\f': '\\f', '\b': '\\b' };

/** One control character as a visible escape. */
function escapeOne(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const n = c.charCodeAt(0);
  return n <= 0xff
    ? `\\x${n.toString(16).padStart(2, '0')}`
    : `\\u${n.toString(16).padStart(4, '0')}`;
}

/** Shows every control character except LF, TAB and the CR of CRLF escaped. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, escapeOne);
}

/**
 * A JSON document made safe for a log without changing what it parses to: C1 controls, line and
 * paragraph separators and bidirectional overrides become `\uXXXX` escapes (JSON.stringify leaves
 * them raw), and the `[` of `##[` becomes `\u005b`, so no line reads as a workflow command.
 */
export function safeJson(json: string): string {
  return json
    .replace(
      /[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    )
    .replace(/##\[/g, '##\\u005b');
}

/** Plain text for a terminal or a CI log: controls escaped, no line reads as a workflow command. */
export function safeText(text: string): string {
  return neutralizeCommands(escapeControls(text));
}
