import { describe, expect, test } from '@jest/globals';
import { CHANGE_LINES_PER_FILE, formatPinText } from '../../../src/commands/pin.js';

const change = (line: number) => ({ line, from: `a:${line}`, to: `a:${line}@sha256:e` });

describe('formatPinText', () => {
  const many = Array.from({ length: 10_000 }, (_, i) => change(i * 3 + 7));
  const result = {
    files: [
      { path: 'big.yaml', changes: many },
      { path: 'small.yaml', changes: [change(4)] },
    ],
    diff: '',
  };

  test('a file with thousands of changes gets one summary line; a small one every change', () => {
    expect(formatPinText(result, false)).toBe(
      'big.yaml: 10000 changes, lines 7–30004 (--verbose or --json lists each)\n' +
        'small.yaml:4  a:4 → a:4@sha256:e\n' +
        '10001 changes in 2 files\n',
    );
  });

  test('up to the limit, and with --verbose, every change is listed', () => {
    const limit = {
      files: [{ path: 'x.yaml', changes: many.slice(0, CHANGE_LINES_PER_FILE) }],
      diff: '',
    };
    expect(formatPinText(limit, false).split('\n')).toHaveLength(CHANGE_LINES_PER_FILE + 2);
    expect(formatPinText(result, false, true).split('\n')).toHaveLength(10_001 + 2);
  });
});
