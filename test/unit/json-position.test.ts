import { describe, expect, test } from '@jest/globals';
import { jsonErrorOffset, jsonErrorPosition } from '../../src/json-position.js';

describe('jsonErrorOffset: where JSON.parse would stop', () => {
  test.each([
    ['[{"a": [}]', 8],
    ['{"a": 1,}', 8],
    ['{"a" 1}', 5],
    ['[1 2]', 3],
    ['"abc', 4],
    ['tru', 0],
    ['{}x', 2],
    ['', 0],
  ])('%j → %i', (text, at) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorOffset(text)).toBe(at);
  });

  test.each(['[]', '{"a": [1, -2.5e3, true, false, null, "x\\"y"]}', ' {"b": {}} '])(
    'valid: %j',
    (text) => {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(jsonErrorOffset(text)).toBe(-1);
    },
  );

  test('line and column', () => {
    expect(jsonErrorPosition('[\n  {"a": 1},\n  {"b" 2}\n]')).toBe(
      'line 3, column 8 (position 21)',
    );
  });
});
