// The real api.github.com cannot be reached from the test machines: these tests point the action's
// Octokit (GITHUB_API_URL / baseUrl) at test/support/github-api.ts, a loopback server that speaks the
// documented issue-comments endpoints with Link-header pagination and records every call.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  jest,
  test,
} from '@jest/globals';
import * as core from '@actions/core';
import {
  COLLAPSE_AFTER_LINES,
  markerFor,
  pullRequestOf,
  renderComment,
  upsertComment,
} from '../../../src/action/comment.js';
import type { FileDiff } from '../../../src/action/diff.js';
import type { PushResult } from '../../../src/commands/push.js';
import { startFakeGitHub, type FakeGitHub } from '../../support/github-api.js';
import { pullRequestPayload } from '../../support/action-env.js';

const digest = `sha256:${'c'.repeat(64)}`;
const result: PushResult = {
  repository: '127.0.0.1:5000/demo/app',
  tag: 'abc1234-17-1',
  digest,
  image: `127.0.0.1:5000/demo/app@${digest}`,
  ref: `127.0.0.1:5000/demo/app:abc1234-17-1@${digest}`,
  format: 'v2s2',
  pushed: true,
  files: [{ path: 'k8s/deploy.yaml', changes: 1 }],
};
const diffs: FileDiff[] = [
  {
    path: 'k8s/deploy.yaml',
    lines: [
      { kind: '-', line: 7, text: '        image: app:dev' },
      { kind: '+', line: 7, text: `        image: ${result.ref}` },
    ],
  },
];
const target = { owner: 'acme', repo: 'shop', number: 42 };

let gh: FakeGitHub;
let writes: string[];
beforeEach(async () => {
  gh = await startFakeGitHub();
  writes = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    writes.push(String(chunk));
    return true;
  });
});
afterEach(async () => {
  jest.restoreAllMocks();
  await gh.close();
});

const opts = () => ({ env: { GITHUB_API_URL: gh.url }, token: 'ghs_token', retryAfterBaseMs: 1 });
const warnings = () => writes.filter((w) => w.startsWith('::warning::'));

describe('upsertComment', () => {
  test('creates one comment, then updates it on re-runs (found on page 3 of the list)', async () => {
    // 250 comments by others: the list needs 3 pages of 100, our comment lands on page 3.
    gh.seed(
      'acme',
      'shop',
      42,
      Array.from({ length: 250 }, (_, i) => `comment ${i}`),
    );
    gh.seed('acme', 'shop', 41, [`${markerFor(result.repository)}\nanother PR`]);
    const first = renderComment(result, diffs);
    expect(await upsertComment(target, result.repository, first, opts())).toBe('created');
    const second = renderComment({ ...result, pushed: false }, diffs);
    expect(await upsertComment(target, result.repository, second, opts())).toBe('updated');
    expect(await upsertComment(target, result.repository, second, opts())).toBe('updated');

    const ours = gh.comments.filter((c) => c.issue === 42 && c.body.includes('digestpin'));
    expect(ours).toHaveLength(1);
    expect(ours[0].body).toBe(second);
    const lists = gh.calls.filter((c) => c.method === 'GET' && c.path.endsWith('/comments'));
    // first run: pages 1-3 (250 comments), later runs: pages 1-3 (251 comments)
    expect(lists.map((c) => c.query.page ?? '1')).toEqual([
      '1',
      '2',
      '3',
      '1',
      '2',
      '3',
      '1',
      '2',
      '3',
    ]);
    expect(lists.every((c) => c.query.per_page === '100')).toBe(true);
    expect(gh.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    expect(gh.calls.filter((c) => c.method === 'PATCH').map((c) => c.path)).toEqual([
      `/repos/acme/shop/issues/comments/${ours[0].id}`,
      `/repos/acme/shop/issues/comments/${ours[0].id}`,
    ]);
    expect(gh.calls.every((c) => c.authorization === 'token ghs_token')).toBe(true);
    expect(warnings()).toEqual([]);
  });

  test('one comment per image repository on the same pull request', async () => {
    const other = { ...result, repository: '127.0.0.1:5000/demo/worker' };
    await upsertComment(target, result.repository, renderComment(result, diffs), opts());
    await upsertComment(target, other.repository, renderComment(other, []), opts());
    await upsertComment(target, other.repository, renderComment(other, []), opts());
    expect(gh.comments.map((c) => c.body.split('\n')[0])).toEqual([
      markerFor(result.repository),
      markerFor(other.repository),
    ]);
  });

  test.each([
    ['writes', 403, 'forbidden'],
    ['all', 404, 'forbidden'],
  ] as const)(
    'refuse=%s (HTTP %d) gives a warning, not an error',
    async (refuse, status, outcome) => {
      gh.refuse = refuse;
      await expect(upsertComment(target, result.repository, 'body', opts())).resolves.toBe(outcome);
      expect(warnings()).toHaveLength(1);
      expect(warnings()[0]).toContain(`HTTP ${status}`);
      expect(warnings()[0]).toContain('pull-requests: write');
      expect(gh.comments).toEqual([]);
      // 4xx is not retried
      expect(gh.calls.length).toBeLessThanOrEqual(2);
    },
  );

  test('a 502 is retried (plugin-retry), then the comment is written', async () => {
    gh.failNext = 2;
    expect(await upsertComment(target, result.repository, 'x', opts())).toBe('created');
    expect(gh.calls.filter((c) => c.method === 'GET')).toHaveLength(3);
  });

  test('a server that keeps failing gives a warning after the retries', async () => {
    gh.failNext = 100;
    expect(await upsertComment(target, result.repository, 'x', opts())).toBe('failed');
    expect(gh.calls).toHaveLength(4); // 1 + 3 retries
    expect(warnings()[0]).toContain('The push itself succeeded');
  });

  test('a comment by someone else that starts with the marker is not ours: it is left alone', async () => {
    const marker = markerFor(result.repository);
    // a pull request author copies the marker into their own comment
    gh.seedBy('acme', 'shop', 42, 'mallory', [`${marker}\nclick [here](https://evil.example)`]);
    const before = gh.comments[0].body;
    expect(await upsertComment(target, result.repository, `${marker}\nours`, opts())).toBe(
      'created',
    );
    expect(gh.comments[0]).toMatchObject({ body: before, user: { login: 'mallory' } });
    expect(gh.calls.filter((c) => c.method === 'PATCH')).toEqual([]);
    // the next run finds the comment the token wrote, not mallory's
    const again = `${marker}\nours again`;
    expect(await upsertComment(target, result.repository, again, opts())).toBe('updated');
    expect(gh.comments.map((c) => [c.user.login, c.body])).toEqual([
      ['mallory', before],
      ['github-actions[bot]', again],
    ]);
  });

  test('a personal access token: its own user (GET /user) is the author that counts', async () => {
    gh.logins = { ghp_pat: 'release-bot' };
    const marker = markerFor(result.repository);
    gh.seedBy('acme', 'shop', 42, 'github-actions[bot]', [`${marker}\nfrom another workflow`]);
    gh.seedBy('acme', 'shop', 42, 'release-bot', [`${marker}\nold`]);
    const pat = { ...opts(), token: 'ghp_pat' };
    const body = `${marker}\nnew`;
    expect(await upsertComment(target, result.repository, body, pat)).toBe('updated');
    expect(gh.comments.map((c) => [c.user.login, c.body])).toEqual([
      ['github-actions[bot]', `${marker}\nfrom another workflow`],
      ['release-bot', body],
    ]);
    expect(gh.calls.some((c) => c.path === '/user')).toBe(true);
  });

  test('no marked comment: /user is not asked', async () => {
    expect(await upsertComment(target, result.repository, 'x', opts())).toBe('created');
    expect(gh.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /repos/acme/shop/issues/42/comments',
      'POST /repos/acme/shop/issues/42/comments',
    ]);
  });

  test('no token: skipped with a warning, no request', async () => {
    expect(await upsertComment(target, result.repository, 'x', { ...opts(), token: '' })).toBe(
      'skipped',
    );
    expect(gh.calls).toEqual([]);
    expect(warnings()).toHaveLength(1);
  });
});

describe('renderComment', () => {
  test('marker first, ref, digest, the diff and how to reproduce', () => {
    const body = renderComment(result, diffs);
    expect(body.split('\n')[0]).toBe('<!-- digestpin:127.0.0.1:5000/demo/app -->');
    expect(body).toContain(`- digest: <code>sha256&#58;${'c'.repeat(64)}</code>`);
    expect(body).toContain(
      `- ref: <code>${result.ref.replace(/[.:/@-]/g, (c) => `&#${c.charCodeAt(0)};`)}</code>`,
    );
    expect(body).toContain('```diff\n--- a/k8s/deploy.yaml\n+++ b/k8s/deploy.yaml\n@@ line 7 @@\n');
    expect(body).toContain(`+        image: ${result.ref}\n\`\`\``);
    expect(body).toContain('```sh\ndigestpin verify k8s/deploy.yaml\n```');
    expect(body).not.toContain('<details>');
  });

  test('a long diff is collapsed in <details>; hostile paths are quoted and escaped', () => {
    const many: FileDiff[] = [
      {
        path: "k8s/it's ```here```.yaml",
        lines: Array.from({ length: COLLAPSE_AFTER_LINES }, (_, i) => ({
          kind: '+' as const,
          line: i + 1,
          text: `image: x${i} \`\`\`\`</details><script>`,
        })),
      },
    ];
    const body = renderComment({ ...result, files: [{ path: many[0].path, changes: 20 }] }, many);
    expect(body).toMatch(/<details>\n<summary>Pinned 20 lines in 1 file<\/summary>\n\n`````diff\n/);
    expect(body.match(/<\/details>/g)).toHaveLength(21); // 20 inside the fence, 1 closing ours
    expect(body).toContain("digestpin verify 'k8s/it'\\''s ```here```.yaml'");
    expect(body).toMatch(/````sh\ndigestpin verify/);
  });

  test('no pinned lines', () => {
    expect(renderComment({ ...result, files: [] }, [])).toContain('No manifest lines were pinned.');
  });
});

describe('pullRequestOf', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'digestpin-event-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test.each([
    [
      'pull_request',
      pullRequestPayload('acme', 'shop', 42),
      { owner: 'acme', repo: 'shop', number: 42 },
    ],
    [
      'pull_request_target',
      pullRequestPayload('acme', 'shop', 7, true),
      { owner: 'acme', repo: 'shop', number: 7 },
    ],
    ['push', { ref: 'refs/heads/main' }, undefined],
    ['workflow_dispatch', {}, undefined],
    ['pull_request', { pull_request: { number: 'x' } }, undefined],
  ])('%s', async (name, payload, expected) => {
    const file = path.join(dir, `${name}.json`);
    await writeFile(file, JSON.stringify(payload));
    const env = {
      GITHUB_EVENT_NAME: name,
      GITHUB_EVENT_PATH: file,
      GITHUB_REPOSITORY: 'acme/shop',
    };
    expect(await pullRequestOf(env)).toEqual(expected);
  });
});

// keep @actions/core referenced: the warnings above are its real ::warning:: commands on stdout
void core;
