import { describe, expect, test } from '@jest/globals';
import { neutralizeCommands } from '../../../src/report/github.js';
import { escapeControls, safeJson, safeText } from '../../../src/report/terminal.js';
import { rawControls, runnerCommands } from '../../support/runner-commands.js';

describe('neutralizeCommands: no line of plain output reads as a workflow command', () => {
  test.each([
    ['k8s/evil\n::error::pwned.yaml:3', 'k8s/evil\n\\::error::pwned.yaml:3'],
    ['a\n  ::stop-commands::x', 'a\n  \\::stop-commands::x'],
    ['::add-mask::x', '\\::add-mask::x'],
    ['x\r\n##[error]y', 'x\r\n##\\[error]y'],
    // the runner finds ##[ anywhere in a line
    [
      'pinned k8s/x ##[error title=t]pwned ##.yaml (1)',
      'pinned k8s/x ##\\[error title=t]pwned ##.yaml (1)',
    ],
    ['a ###[warning]b', 'a ###\\[warning]b'],
    // and :: after any white space .NET's TrimStart removes
    ['\x0b::warning::vt', '\x0b\\::warning::vt'],
    ['\f::warning::ff', '\f\\::warning::ff'],
    ['\u00a0::notice::nbsp', '\u00a0\\::notice::nbsp'],
    ['x\n\u2003\u3000::error::em', 'x\n\u2003\u3000\\::error::em'],
    ['\u0085::error::nel', '\u0085\\::error::nel'],
    ['a\r::error::cr', 'a\r\\::error::cr'],
    ['image a::b is fine mid-line', 'image a::b is fine mid-line'],
  ])('%j', (input, expected) => {
    const out = neutralizeCommands(input);
    expect(out).toBe(expected);
    expect(runnerCommands(out)).toEqual([]);
  });
});

describe('escapeControls: terminal escapes are shown, not sent', () => {
  test.each([
    ['osc\x1b]52;c;cHduZWQ=\x07.yaml', 'osc\\x1b]52;c;cHduZWQ=\\x07.yaml'],
    ['a\x1b[2Jb', 'a\\x1b[2Jb'],
    ['c1 \x9b31m', 'c1 \\x9b31m'],
    ['bidi \u202eevil', 'bidi \\u202eevil'],
    ['lone\rcr and crlf\r\n', 'lone\\rcr and crlf\r\n'],
    ['vt\x0b ff\f nul\0 del\x7f', 'vt\\v ff\\f nul\\x00 del\\x7f'],
    ['tab\tand\nnewline stay', 'tab\tand\nnewline stay'],
  ])('%j', (input, expected) => {
    expect(escapeControls(input)).toBe(expected);
    expect(rawControls(safeText(input))).toEqual([]);
  });
});

describe('safeJson: the same document, nothing a terminal or a runner acts on', () => {
  test.each([{ path: 'x ##[error]y', image: '\u009b31m\u2028\u202e' }, { s: '\x1b]52;c;x\x07' }])(
    '%j',
    (doc) => {
      const out = safeJson(JSON.stringify(doc, null, 2));
      expect(JSON.parse(out)).toEqual(doc);
      expect(runnerCommands(out)).toEqual([]);
      expect(rawControls(out)).toEqual([]);
    },
  );
});
