import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolvePins, type ManifestHeads } from '../../../src/commands/pin-resolve.js';
import { runPin, runPinResolve } from '../../../src/commands/pin.js';
import { DigestpinError } from '../../../src/errors.js';
import { memoryLogger } from '../../support/logger.js';
import { formatReference, type ImageReference } from '../../../src/reference.js';

const digestOf = (c: string): string => `sha256:${c.repeat(64)}`;
const OLD = digestOf('0');

/** A registry fake: tag → digest; throws for hosts in `fail`; records calls and concurrency. */
function fakeHeads(
  delayMs = 0,
): ManifestHeads & { calls: string[]; maxActive: Map<string, number> } {
  const digests: Record<string, string> = {
    'docker.io/library/nginx:1.27': digestOf('a'),
    'registry.example.com/team/app:latest': digestOf('b'),
    'registry.example.com/team/api:v3': digestOf('c'),
    'registry.example.com/team/web:1.0': digestOf('d'),
  };
  const active = new Map<string, number>();
  const maxActive = new Map<string, number>();
  const calls: string[] = [];
  return {
    calls,
    maxActive,
    async resolveManifest(ref: ImageReference) {
      calls.push(formatReference(ref));
      active.set(ref.domain, (active.get(ref.domain) ?? 0) + 1);
      maxActive.set(
        ref.domain,
        Math.max(maxActive.get(ref.domain) ?? 0, active.get(ref.domain) ?? 0),
      );
      await new Promise((r) => setTimeout(r, delayMs));
      active.set(ref.domain, (active.get(ref.domain) ?? 1) - 1);
      if (ref.domain === 'denied.example.com') {
        throw new DigestpinError(
          'UNAUTHORIZED',
          'denied.example.com/x: 401 Unauthorized',
          'docker login denied.example.com',
        );
      }
      if (ref.domain === 'down.example.com')
        throw new DigestpinError('UNREACHABLE', 'connection refused', 'check the host');
      const digest = digests[formatReference(ref)];
      return digest
        ? { digest, mediaType: 'application/vnd.docker.distribution.manifest.v2+json', size: 1 }
        : undefined;
    },
  };
}

const DEPLOY = `kind: Deployment
spec:
  template:
    spec:
      containers:
      - image: nginx:1.27 # web
      - image: "registry.example.com/team/app"
      - image: registry.example.com/team/pinned:v1@${OLD}
      - image: registry.example.com/team/missing:v1
      - image: denied.example.com/x:1
      - image: nginx:1.27
`;
const KUSTOMIZATION =
  'images:\n- name: app\n  newName: registry.example.com/team/api\n  newTag: v3\n';
const VALUES = 'image:\n  repository: registry.example.com/team/web\n  tag: "1.0"\n';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'digestpin-resolve-'));
  await writeFile(join(dir, 'deploy.yaml'), DEPLOY);
  await writeFile(join(dir, 'kustomization.yaml'), KUSTOMIZATION);
  await writeFile(join(dir, 'values.yaml'), VALUES);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const opts = { paths: ['.'], resolve: true, strict: false, dryRun: false, insecure: false };

describe('pin --resolve', () => {
  test('pins what resolves, reports the rest with its cause, exit 0', async () => {
    const heads = fakeHeads();
    const ctx = { logger: memoryLogger(), env: {}, cwd: dir };
    const out = await runPinResolve(opts, ctx, heads);
    expect(out.exitCode).toBe(0);
    const deploy = await readFile(join(dir, 'deploy.yaml'), 'utf8');
    expect(deploy).toBe(
      DEPLOY.replace('nginx:1.27 #', `nginx:1.27@${digestOf('a')} #`)
        .replace(
          '"registry.example.com/team/app"',
          `"registry.example.com/team/app@${digestOf('b')}"`,
        )
        .replace('- image: nginx:1.27\n', `- image: nginx:1.27@${digestOf('a')}\n`),
    );
    expect(await readFile(join(dir, 'kustomization.yaml'), 'utf8')).toBe(
      `${KUSTOMIZATION}  digest: ${digestOf('c')}\n`,
    );
    expect(await readFile(join(dir, 'values.yaml'), 'utf8')).toBe(
      VALUES.replace('"1.0"', `"1.0@${digestOf('d')}"`),
    );
    expect(out.json.unresolved?.map((u) => [u.image, u.status])).toEqual([
      ['denied.example.com/x:1', 'unauthorized'],
      ['registry.example.com/team/missing:v1', 'missing'],
    ]);
    expect(out.text).toContain('unresolved: cannot resolve registry.example.com/team/missing:v1: ');
    expect(out.text).toContain('hint: docker login denied.example.com');
    // one request per distinct image; the pinned one is not asked for
    expect(heads.calls.filter((c) => c.includes('nginx'))).toHaveLength(1);
    expect(heads.calls.some((c) => c.includes('pinned'))).toBe(false);
    const again = await runPinResolve(opts, ctx, heads);
    expect(again.json.files).toEqual([]);
  });

  test('--strict: nothing written, exit code of the worst cause', async () => {
    const ctx = { logger: memoryLogger(), env: {}, cwd: dir };
    const out = await runPinResolve({ ...opts, strict: true }, ctx, fakeHeads());
    expect(out.exitCode).toBe(4);
    expect(out.text).toMatch(/--strict: 2 image\(s\) could not be resolved; nothing written/);
    expect(await readFile(join(dir, 'deploy.yaml'), 'utf8')).toBe(DEPLOY);
    expect(await readFile(join(dir, 'values.yaml'), 'utf8')).toBe(VALUES);
  });

  test('unreachable registry is exit 5 under --strict; --dry-run writes nothing', async () => {
    await writeFile(
      join(dir, 'deploy.yaml'),
      'kind: Pod\nspec:\n  containers:\n  - image: down.example.com/a:1\n',
    );
    const ctx = { logger: memoryLogger(), env: {}, cwd: dir };
    const strict = await runPinResolve({ ...opts, strict: true }, ctx, fakeHeads());
    expect(strict.exitCode).toBe(5);
    expect(strict.json.unresolved?.[0]?.status).toBe('unreachable');
    const dry = await runPinResolve({ ...opts, dryRun: true }, ctx, fakeHeads());
    expect(dry.text).toContain('+  tag: "1.0@sha256:dddd');
    expect(await readFile(join(dir, 'values.yaml'), 'utf8')).toBe(VALUES);
  });

  test('concurrency is bounded per registry host', async () => {
    const many = Array.from(
      { length: 12 },
      (_, i) => `  - image: registry.example.com/team/svc${i}:v1\n`,
    ).join('');
    await writeFile(join(dir, 'deploy.yaml'), `kind: Pod\nspec:\n  containers:\n${many}`);
    const heads = fakeHeads(5);
    const ctx = { logger: memoryLogger(), env: {}, cwd: dir };
    const r = await resolvePins(['.'], ctx, heads, { dryRun: true, strict: false, concurrency: 3 });
    expect(heads.maxActive.get('registry.example.com')).toBe(3);
    expect(r.unresolved).toHaveLength(12 + 0);
  });

  test('runPin without --resolve still needs a ref with a digest', async () => {
    const ctx = { logger: memoryLogger(), env: {}, cwd: dir };
    await expect(
      runPin({ ...opts, resolve: false, ref: 'nginx:1.27', paths: ['.'] }, ctx),
    ).rejects.toMatchObject({
      code: 'INVALID_REFERENCE',
    });
  });
});
