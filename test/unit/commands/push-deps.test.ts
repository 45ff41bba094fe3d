/**
 * runPush's steps through its `deps` seam (pushWith): no registry, no skopeo — fakes that behave
 * like the real collaborators (the relayed push starts, calls onSpawn, and stops on abort).
 */
import { describe, expect, test } from '@jest/globals';
import { pushWith, type PushDeps, type PushOptions } from '../../../src/commands/push.js';
import { DigestpinError } from '../../../src/errors.js';
import { memoryLogger } from '../../support/logger.js';
import type { RegistryClient } from '../../../src/registry/client.js';

const OURS = 'sha256:' + 'c'.repeat(64);
const THEIRS = 'sha256:' + 'd'.repeat(64);
const DIGEST = 'sha256:' + 'a'.repeat(64);
const V2S2 = 'application/vnd.docker.distribution.manifest.v2+json';

const opts: PushOptions = {
  source: 'oci:/nowhere:app',
  repository: 'registry.example.com/team/app',
  tag: 'build-1',
  format: 'v2s2',
  all: false,
  manifests: [],
  insecure: false,
  dryRun: false,
  ecr: false,
  ensureImmutable: false,
  createRepository: false,
  quiet: true,
};

/** A client whose tag holds `held` (config digest) until the push writes `written`. */
function fakeClient(state: { tag?: { digest: string; config: string } }): RegistryClient {
  return {
    headManifest: () =>
      Promise.resolve(state.tag && { digest: state.tag.digest, mediaType: V2S2, size: 100 }),
    configDigests: () => Promise.resolve(state.tag && new Map([['', state.tag.config]])),
  } as unknown as RegistryClient;
}

function deps(
  state: { tag?: { digest: string; config: string } },
  calls: string[],
): Partial<PushDeps> {
  return {
    client: () => Promise.resolve(fakeClient(state)),
    sourceConfigDigests: () => Promise.resolve(new Map([['', OURS]])),
    relayedPush: (o) =>
      new Promise((resolve, reject) => {
        calls.push('push started');
        o.onSpawn?.();
        o.signal?.addEventListener('abort', () => {
          calls.push('push stopped');
          reject(new DigestpinError('INTERNAL', 'skopeo was cancelled'));
        });
        if (!state.tag)
          setTimeout(() => {
            state.tag = { digest: DIGEST, config: OURS };
            calls.push('tag written');
            resolve({ pushed: true, digest: DIGEST });
          }, 5);
      }),
  };
}

const ctx = () => ({ logger: memoryLogger(), env: { GITHUB_SHA: 'f'.repeat(40) }, cwd: '/' });

describe('pushWith (runPush with its deps)', () => {
  test('tag free: pushed, then confirmed on the registry', async () => {
    const calls: string[] = [];
    const r = await pushWith(opts, ctx(), deps({}, calls));
    expect(calls).toEqual(['push started', 'tag written']);
    expect(r.json).toMatchObject({
      pushed: true,
      digest: DIGEST,
      ref: `registry.example.com/team/app:build-1@${DIGEST}`,
    });
  });

  test.each(['DIGESTPIN_STALL_MS', 'DIGESTPIN_PUSH_TIMEOUT_MS', 'DIGESTPIN_TIMEOUT_MS'])(
    'an invalid %s: INVALID_INPUT before anything starts',
    async (name) => {
      const calls: string[] = [];
      const c = { ...ctx(), env: { ...ctx().env, [name]: 'soon' } };
      await expect(pushWith(opts, c, deps({}, calls))).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: expect.stringContaining(`${name}=soon`) as unknown,
      });
      expect(calls).toEqual([]);
    },
  );

  test('tag holds the same image: the upload is stopped, nothing pushed, exit 0', async () => {
    const calls: string[] = [];
    const r = await pushWith(opts, ctx(), deps({ tag: { digest: THEIRS, config: OURS } }, calls));
    expect(calls).toEqual(['push started', 'push stopped']);
    expect(r.json).toMatchObject({ pushed: false, digest: THEIRS });
  });

  test('tag holds another image: the upload is stopped, TAG_EXISTS', async () => {
    const calls: string[] = [];
    const err = await pushWith(
      opts,
      ctx(),
      deps({ tag: { digest: THEIRS, config: 'sha256:' + 'e'.repeat(64) } }, calls),
    ).catch((e: unknown) => e);
    expect(calls).toEqual(['push started', 'push stopped']);
    expect(err).toMatchObject({ code: 'TAG_EXISTS', exitCode: 3 });
  });
});
