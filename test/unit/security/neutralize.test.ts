import { describe, expect, test } from '@jest/globals';
import { neutralizeCommands } from '../../../src/report/github.js';

describe('neutralizeCommands: no line of plain output reads as a workflow command', () => {
  test.each([
    ['k8s/evil\n::error::pwned.yaml:3', 'k8s/evil\n\\::error::pwned.yaml:3'],
    ['a\n  ::stop-commands::x', 'a\n  \\::stop-commands::x'],
    ['::add-mask::x', '\\::add-mask::x'],
    ['x\r\n##[error]y', 'x\r\n\\##[error]y'],
    ['image a::b is fine mid-line', 'image a::b is fine mid-line'],
  ])('%j', (input, expected) => {
    const out = neutralizeCommands(input);
    expect(out).toBe(expected);
    expect(out.split(/\r?\n/).some((l) => /^\s*(::|##\[)/.test(l))).toBe(false);
  });
});
