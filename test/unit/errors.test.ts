import { describe, expect, test } from '@jest/globals';
import { DigestpinError, ExitCode, errorCodes, toDigestpinError } from '../../src/errors.js';

describe('DigestpinError', () => {
  test.each(Object.entries(errorCodes))('%s maps to exit code %i', (code, exit) => {
    const e = new DigestpinError(code as keyof typeof errorCodes, 'msg', 'hint');
    expect(e.exitCode).toBe(exit);
    expect(e.toJSON()).toEqual({ error: { code, message: 'msg', hint: 'hint' } });
  });

  test.each([
    ['TAG_EXISTS', ExitCode.TAG_EXISTS],
    ['UNAUTHORIZED', ExitCode.AUTH],
    ['UNREACHABLE', ExitCode.UNREACHABLE],
    ['MANIFEST_UNKNOWN', ExitCode.NOT_FOUND],
    ['MALFORMED_YAML', ExitCode.USAGE],
    ['CHECK_FAILED', ExitCode.CHECK_FAILED],
  ] as const)('the DESIGN.md table: %s exits %i', (code, exit) => {
    expect(errorCodes[code]).toBe(exit);
  });

  test('keeps the cause', () => {
    const cause = new Error('root');
    expect(new DigestpinError('INTERNAL', 'x', '', { cause }).cause).toBe(cause);
  });
});

describe('toDigestpinError', () => {
  test('passes a DigestpinError through', () => {
    const e = new DigestpinError('TAG_EXISTS', 'exists');
    expect(toDigestpinError(e)).toBe(e);
  });

  test('an Error is an internal error (exit 1) that keeps the message', () => {
    const e = toDigestpinError(new TypeError('boom'));
    expect(e.code).toBe('INTERNAL');
    expect(e.exitCode).toBe(1);
    expect(e.message).toContain('boom');
    expect(e.hint).toMatch(/bug/);
  });

  test('a thrown non-Error still fails with exit 1', () => {
    const e = toDigestpinError('just a string');
    expect(e.exitCode).toBe(1);
    expect(e.message).toContain('just a string');
  });
});
