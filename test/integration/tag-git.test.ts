/** The git fallback of push/tag-template.ts against a real git repository (in-process, so it counts for coverage). */
import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { execa } from 'execa';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { detectBuild, readGit, renderTag } from '../../src/push/tag-template.js';

let dir: string;
let sha: string;
const git = async (...args: string[]): Promise<string> =>
  (
    await execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd: dir,
    })
  ).stdout.trim();

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'digestpin-tag-'));
  await git('init', '--quiet', '--initial-branch=topic/new-ui');
  await git('commit', '--quiet', '--allow-empty', '-m', 'first');
  sha = await git('rev-parse', 'HEAD');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('git fallback', () => {
  test('a checkout on a branch gives the commit and the branch', async () => {
    expect(await readGit(dir)).toEqual({ sha, branch: 'topic/new-ui' });
    expect(await detectBuild({}, dir)).toEqual({ provider: 'git', sha, branch: 'topic/new-ui' });
    const now = new Date(Date.UTC(2026, 4, 6, 7, 8, 9));
    expect(await renderTag(undefined, {}, dir, now)).toBe(`${sha.slice(0, 7)}-20260506070809`);
    expect(await renderTag('{branch}-{sha7}', {}, dir, now)).toBe(
      `topic-new-ui-${sha.slice(0, 7)}`,
    );
  });

  test('a detached HEAD has a commit but no branch', async () => {
    await git('checkout', '--quiet', '--detach');
    try {
      expect(await readGit(dir)).toEqual({ sha, branch: undefined });
      await expect(renderTag('{branch}', {}, dir)).rejects.toMatchObject({ code: 'NO_BUILD_ID' });
    } finally {
      await git('checkout', '--quiet', 'topic/new-ui');
    }
  });

  test('outside a repository nothing identifies the build', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'digestpin-nogit-'));
    try {
      expect(await detectBuild({}, empty)).toEqual({
        provider: 'none',
        sha: undefined,
        branch: undefined,
      });
      const info = await readGit(empty);
      expect(info).toEqual({ sha: undefined, branch: undefined });
      await expect(renderTag(undefined, {}, empty)).rejects.toMatchObject({
        code: 'NO_BUILD_ID',
        exitCode: 2,
      });
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
