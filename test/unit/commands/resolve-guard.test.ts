import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { runGuard } from '../../../src/commands/guard.js';
import { pinnedForm, runResolve } from '../../../src/commands/resolve.js';
import type { CommandContext } from '../../../src/commands/types.js';
import { DigestpinError } from '../../../src/errors.js';
import { memoryLogger } from '../../support/logger.js';
import { startFakeRegistry, type FakeRegistry } from '../registry/fake-registry.js';

const V2 = 'application/vnd.docker.distribution.manifest.v2+json';
let r: FakeRegistry;
let d1: string;
let d2: string;
const ctx = (): CommandContext => ({
  logger: memoryLogger(),
  env: { HOME: '/nonexistent', DIGESTPIN_RETRIES: '0' },
  cwd: '/',
});
const img = (n: number) => ({
  schemaVersion: 2,
  mediaType: V2,
  config: { mediaType: 'x', size: 1, digest: `sha256:${String(n).repeat(64)}` },
  layers: [],
});

beforeAll(async () => {
  r = await startFakeRegistry();
  d1 = r.putManifest('team/app', 'v1', img(1), V2);
  d2 = r.putManifest('team/app', 'latest', img(2), V2);
});
afterAll(() => r.close());

async function error(p: Promise<unknown>): Promise<DigestpinError> {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DigestpinError);
  return e as DigestpinError;
}

describe('resolve', () => {
  test('prints each reference as written with its digest; JSON has reference, digest, pinned', async () => {
    const refs = [`${r.host}/team/app:v1`, `${r.host}/team/app`, `${r.host}/team/app:v1@${d1}`];
    const out = await runResolve({ references: refs, insecure: false }, ctx());
    expect(out.exitCode).toBe(0);
    expect(out.text.split('\n')).toEqual([
      `${r.host}/team/app:v1@${d1}`,
      `${r.host}/team/app@${d2}`,
      `${r.host}/team/app:v1@${d1}`,
    ]);
    expect(out.json.references[1]).toEqual({
      reference: `${r.host}/team/app`,
      digest: d2,
      pinned: `${r.host}/team/app@${d2}`,
    });
  });

  test.each([
    ['missing tag', 'team/app:nope', 'MANIFEST_UNKNOWN', 6, /no tag nope in team\/app/],
    ['missing repository', 'other/app:v1', 'MANIFEST_UNKNOWN', 6, /not found/],
    [
      'missing digest',
      `team/app@sha256:${'f'.repeat(64)}`,
      'MANIFEST_UNKNOWN',
      6,
      /no digest sha256:f+/,
    ],
  ])('%s → exit %#', async (_n, rest, code, exit, message) => {
    const e = await error(
      runResolve({ references: [`${r.host}/${rest}`], insecure: false }, ctx()),
    );
    expect([e.code, e.exitCode]).toEqual([code, exit]);
    expect(e.message).toMatch(message);
    expect(e.message).toContain(`${r.host}/${rest}: not found`);
  });

  test('several failures: the first is reported with the count', async () => {
    const e = await error(
      runResolve(
        {
          references: [`${r.host}/a:1`, `${r.host}/team/app:v1`, `${r.host}/b:2`],
          insecure: false,
        },
        ctx(),
      ),
    );
    expect(e.message).toMatch(
      /^127\.0\.0\.1:\d+\/a:1: not found.*\(and 1 more of 3 references failed\)$/,
    );
  });

  test.each([
    ['an invalid reference', 'Not/Valid:ref', 'INVALID_REFERENCE'],
    ['no reference', undefined, 'USAGE'],
  ])('%s → exit 2', async (_n, ref, code) => {
    const e = await error(runResolve({ references: ref ? [ref] : [], insecure: false }, ctx()));
    expect([e.code, e.exitCode]).toEqual([code, 2]);
  });

  test.each([
    ['nginx:1.27', 'nginx:1.27@sha256:x'],
    ['nginx', 'nginx@sha256:x'],
    ['nginx:1.27@sha256:old', 'nginx:1.27@sha256:x'],
  ])('pinnedForm(%s)', (input, out) => {
    expect(pinnedForm(input, 'sha256:x')).toBe(out);
  });
});

describe('guard', () => {
  test('a free tag → exit 0 with repository and tag as written', async () => {
    const out = await runGuard(
      { reference: `${r.host}/team/app:v2`, insecure: false, ecr: false },
      ctx(),
    );
    expect(out).toEqual({
      exitCode: 0,
      json: { repository: `${r.host}/team/app`, tag: 'v2', exists: false },
      text: `tag v2 is free in ${r.host}/team/app`,
    });
  });

  test('a tag in a repository that does not exist yet is free', async () => {
    const out = await runGuard(
      { reference: `${r.host}/new/repo:v1`, insecure: false, ecr: false },
      ctx(),
    );
    expect(out.json.exists).toBe(false);
  });

  test('an existing tag → TAG_EXISTS (exit 3) naming its digest', async () => {
    const e = await error(
      runGuard({ reference: `${r.host}/team/app:v1`, insecure: false, ecr: false }, ctx()),
    );
    expect([e.code, e.exitCode]).toEqual(['TAG_EXISTS', 3]);
    expect(e.message).toContain(`${r.host}/team/app:v1 already exists`);
    expect(e.message).toContain(d1);
    expect(e.hint).toMatch(/unique tag/);
  });

  test.each([
    ['a digest', `team/app@sha256:${'a'.repeat(64)}`, /has a digest/],
    ['no tag', 'team/app', /needs a tag/],
  ])('refuses %s (exit 2)', async (_n, rest, message) => {
    const e = await error(
      runGuard({ reference: `${r.host}/${rest}`, insecure: false, ecr: false }, ctx()),
    );
    expect([e.code, e.exitCode]).toEqual(['INVALID_REFERENCE', 2]);
    expect(e.message).toMatch(message);
  });

  test('a registry that cannot be reached → exit 5', async () => {
    const e = await error(
      runGuard(
        { reference: 'registry.digestpin.invalid/app:v1', insecure: false, ecr: false },
        ctx(),
      ),
    );
    expect([e.code, e.exitCode]).toEqual(['UNREACHABLE', 5]);
  });
});
