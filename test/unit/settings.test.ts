import { describe, expect, test } from '@jest/globals';
import { DigestpinError } from '../../src/errors.js';
import {
  debugWanted,
  pipelineHeads,
  pushTimeoutMs,
  relayBlobs,
  requestRetries,
  requestSettings,
  requestTimeoutMs,
  skopeoBinary,
  stallMs,
} from '../../src/settings.js';

type Env = NodeJS.ProcessEnv;

describe.each([
  // [reader, variable, value (undefined: unset), expected]
  [requestTimeoutMs, 'DIGESTPIN_TIMEOUT_MS', undefined, 30_000],
  [requestTimeoutMs, 'DIGESTPIN_TIMEOUT_MS', '', 30_000],
  [requestTimeoutMs, 'DIGESTPIN_TIMEOUT_MS', '1', 1],
  [requestTimeoutMs, 'DIGESTPIN_TIMEOUT_MS', '2500', 2500],
  [requestRetries, 'DIGESTPIN_RETRIES', undefined, 3],
  [requestRetries, 'DIGESTPIN_RETRIES', '0', 0],
  [requestRetries, 'DIGESTPIN_RETRIES', '7', 7],
  [pushTimeoutMs, 'DIGESTPIN_PUSH_TIMEOUT_MS', undefined, 1_800_000],
  [pushTimeoutMs, 'DIGESTPIN_PUSH_TIMEOUT_MS', '', 1_800_000],
  [pushTimeoutMs, 'DIGESTPIN_PUSH_TIMEOUT_MS', '1000', 1000],
  [pushTimeoutMs, 'DIGESTPIN_PUSH_TIMEOUT_MS', '600000', 600_000],
  [stallMs, 'DIGESTPIN_STALL_MS', undefined, 120_000],
  [stallMs, 'DIGESTPIN_STALL_MS', '', 120_000],
  [stallMs, 'DIGESTPIN_STALL_MS', '1000', 1000],
  [stallMs, 'DIGESTPIN_STALL_MS', '300000', 300_000],
  [skopeoBinary, 'DIGESTPIN_SKOPEO', undefined, 'skopeo'],
  [skopeoBinary, 'DIGESTPIN_SKOPEO', '', 'skopeo'],
  [skopeoBinary, 'DIGESTPIN_SKOPEO', '/opt/skopeo/bin/skopeo', '/opt/skopeo/bin/skopeo'],
  [relayBlobs, 'DIGESTPIN_RELAY_BLOBS', undefined, 'by size'],
  [relayBlobs, 'DIGESTPIN_RELAY_BLOBS', '1', 'always'],
  [relayBlobs, 'DIGESTPIN_RELAY_BLOBS', '0', 'straight where possible'],
  [relayBlobs, 'DIGESTPIN_RELAY_BLOBS', 'true', 'by size'],
  [pipelineHeads, 'DIGESTPIN_PIPELINE', undefined, true],
  [pipelineHeads, 'DIGESTPIN_PIPELINE', '0', false],
  [pipelineHeads, 'DIGESTPIN_PIPELINE', '1', true],
  [pipelineHeads, 'DIGESTPIN_PIPELINE', 'false', true],
  [debugWanted, 'DIGESTPIN_DEBUG', undefined, false],
  [debugWanted, 'DIGESTPIN_DEBUG', '1', true],
  [debugWanted, 'DIGESTPIN_DEBUG', 'yes', false],
] as [(env: Env) => unknown, string, string | undefined, unknown][])(
  '%p: %s=%p',
  (read, name, value, expected) => {
    test(`reads ${String(expected)}`, () => {
      const env: Env = value === undefined ? {} : { [name]: value };
      expect(read(env)).toEqual(expected);
    });
  },
);

test.each([
  [requestTimeoutMs, 'DIGESTPIN_TIMEOUT_MS', '0', 'DIGESTPIN_TIMEOUT_MS=0 is not an integer ≥ 1'],
  [
    requestTimeoutMs,
    'DIGESTPIN_TIMEOUT_MS',
    '1.5',
    'DIGESTPIN_TIMEOUT_MS=1.5 is not an integer ≥ 1',
  ],
  [
    requestTimeoutMs,
    'DIGESTPIN_TIMEOUT_MS',
    'soon',
    'DIGESTPIN_TIMEOUT_MS=soon is not an integer ≥ 1',
  ],
  [requestRetries, 'DIGESTPIN_RETRIES', '-1', 'DIGESTPIN_RETRIES=-1 is not an integer ≥ 0'],
  [requestRetries, 'DIGESTPIN_RETRIES', 'x', 'DIGESTPIN_RETRIES=x is not an integer ≥ 0'],
  [
    pushTimeoutMs,
    'DIGESTPIN_PUSH_TIMEOUT_MS',
    '999',
    'DIGESTPIN_PUSH_TIMEOUT_MS=999 is not a whole number of milliseconds ≥ 1000',
  ],
  [
    pushTimeoutMs,
    'DIGESTPIN_PUSH_TIMEOUT_MS',
    '10m',
    'DIGESTPIN_PUSH_TIMEOUT_MS=10m is not a whole number of milliseconds ≥ 1000',
  ],
  [
    stallMs,
    'DIGESTPIN_STALL_MS',
    '500',
    'DIGESTPIN_STALL_MS=500 is not a whole number of milliseconds ≥ 1000',
  ],
  [
    stallMs,
    'DIGESTPIN_STALL_MS',
    '2m',
    'DIGESTPIN_STALL_MS=2m is not a whole number of milliseconds ≥ 1000',
  ],
] as [(env: Env) => unknown, string, string, string][])(
  '%p rejects %s=%s: INVALID_INPUT, exit 2, message and hint',
  (read, name, value, message) => {
    let thrown: unknown;
    try {
      read({ [name]: value });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(DigestpinError);
    const e = thrown as DigestpinError;
    expect([e.code, e.exitCode, e.message]).toEqual(['INVALID_INPUT', 2, message]);
    expect(e.hint).toBe(
      name === 'DIGESTPIN_PUSH_TIMEOUT_MS'
        ? 'Set it to e.g. 600000 (10 minutes), or unset it.'
        : name === 'DIGESTPIN_STALL_MS'
          ? 'Set it to e.g. 300000 (5 minutes), or unset it.'
          : `Set ${name} to a whole number, or unset it.`,
    );
  },
);

test('requestSettings is the timeout and the retries together, checked', () => {
  expect(requestSettings({})).toEqual({ timeoutMs: 30_000, retries: 3 });
  expect(requestSettings({ DIGESTPIN_TIMEOUT_MS: '5', DIGESTPIN_RETRIES: '0' })).toEqual({
    timeoutMs: 5,
    retries: 0,
  });
  expect(() => requestSettings({ DIGESTPIN_RETRIES: 'many' })).toThrow(DigestpinError);
});
