import { afterEach, describe, expect, test } from '@jest/globals';
import { renderComment } from '../../../src/action/comment.js';
import { Input, readInputs } from '../../../src/action/inputs.js';
import { renderSummary } from '../../../src/action/summary.js';
import type { PushResult } from '../../../src/commands/push.js';
import { DigestpinError } from '../../../src/errors.js';
import { inputEnv, setProcessEnv } from '../../support/action-env.js';

const digest = `sha256:${'c'.repeat(64)}`;
const image = `sha256:${'a'.repeat(64)}`;
const att = `sha256:${'b'.repeat(64)}`;
const result: PushResult = {
  repository: '127.0.0.1:5000/demo/app',
  tag: 't1',
  digest,
  image: `127.0.0.1:5000/demo/app@${digest}`,
  ref: `127.0.0.1:5000/demo/app:t1@${digest}`,
  format: 'v2s2',
  pushed: true,
  files: [],
  attestations: [
    {
      digest: att,
      platform_of: 'linux/amd64',
      type: 'https://slsa.dev/provenance/v0.2',
      pushed: true,
      subject: image,
      referrers_tag: `sha256-${'a'.repeat(64)}`,
    },
    { digest: att, platform_of: 'linux/arm64', type: '[evil](x) | <b>', pushed: false },
  ],
};

describe('attestations left out of a v2s2 list', () => {
  test.each([
    ['summary', () => renderSummary({ result, diffs: [], dryRun: false })],
    ['comment', () => renderComment(result, [])],
  ])(
    'the %s names each one, what it describes and where it is; untrusted text escaped',
    (_n, render) => {
      const body = render();
      expect(body).toContain('Attestations left out of the v2s2 list &#40;2&#41;');
      expect(body).toContain(`<code>sha256&#58;${'b'.repeat(64)}</code>`);
      expect(body).toContain('linux&#47;amd64');
      expect(body).toContain(`referrers tag <code>sha256&#45;${'a'.repeat(64)}</code>`);
      expect(body).toContain('not pushed');
      expect(body).not.toContain('[evil](x)');
      expect(body).not.toContain('<b>');
    },
  );

  test.each([
    [
      'summary',
      () =>
        renderSummary({ result: { ...result, attestations: undefined }, diffs: [], dryRun: false }),
    ],
    ['comment', () => renderComment({ ...result, attestations: undefined }, [])],
  ])('the %s says nothing about attestations when none were left out', (_n, render) => {
    expect(render()).not.toContain('Attestations');
  });
});

describe('the attestations input', () => {
  let restore: () => void = () => undefined;
  afterEach(() => restore());
  const read = (value: string) => {
    const cleared = Object.fromEntries(Object.values(Input).map((n) => [n, '']));
    restore = setProcessEnv(
      inputEnv({ ...cleared, source: 'oci:/x:t', repository: 'r.example/a', attestations: value }),
    );
    return readInputs();
  };

  test.each([
    ['', 'keep'],
    ['keep', 'keep'],
    ['drop', 'drop'],
  ])('%j reads as %s', (value, expected) => {
    expect(read(value).attestations).toBe(expected);
  });

  test('anything else is INVALID_INPUT naming the value', () => {
    let err: unknown;
    try {
      read('Drop');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DigestpinError);
    expect((err as DigestpinError).code).toBe('INVALID_INPUT');
    expect((err as DigestpinError).message).toContain('"Drop"');
  });
});
