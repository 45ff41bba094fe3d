import { describe, expect, test } from '@jest/globals';
import { DigestpinError } from '../../../src/errors.js';
import { stepFailure } from '../../../src/push/relayed-push.js';

const LABEL = 'r.example/team/app:t1';
const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

describe('stepFailure: a relay fault as an error naming its step', () => {
  test.each([
    [
      { step: 'upload start (POST)', status: 503 },
      'REGISTRY_ERROR',
      5,
      /upload start \(POST\) failed: HTTP 503 \(after retries\)/,
    ],
    [
      { step: 'tag PUT', status: 429, retryAfterMs: 30_000 },
      'RATE_LIMITED',
      5,
      /tag PUT failed: HTTP 429 \(it asks to wait 30 s\)/,
    ],
    [
      { step: 'blob upload (PATCH)', error: reset },
      'UNREACHABLE',
      5,
      /blob upload \(PATCH\) failed: .*ECONNRESET/,
    ],
    [
      {
        step: 'manifest PUT by digest',
        status: 400,
        registryError: { code: 'MANIFEST_BLOB_UNKNOWN', message: 'blob unknown' },
      },
      'REGISTRY_ERROR',
      5,
      /blob unknown on the manifest upload/,
    ],
    [
      {
        step: 'tag PUT',
        status: 400,
        registryError: { code: 'TAG_INVALID', message: 'immutable' },
      },
      'TAG_EXISTS',
      3,
      /refused to write the tag/,
    ],
    [{ step: 'upload start (POST)', status: 401 }, 'UNAUTHORIZED', 4, /HTTP 401/],
    [{ step: 'upload start (POST)', status: 403 }, 'DENIED', 4, /HTTP 403/],
    [
      { step: 'tag check', error: new DigestpinError('TIMEOUT', 'no answer', 'raise it') },
      'TIMEOUT',
      5,
      /tag check failed: no answer/,
    ],
  ])('%o → %s (exit %d)', (fault, code, exit, message) => {
    const e = stepFailure(LABEL, 'r.example', fault, 30_000);
    expect(e).toMatchObject({ code, exitCode: exit });
    expect(e.message).toMatch(message);
    expect(e.message.startsWith(`${LABEL}: `) || code === 'TAG_EXISTS').toBe(true);
    expect(e.hint).not.toBe('');
  });
});
