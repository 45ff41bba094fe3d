/**
 * Races of `digestpin push` (issue 8), through the built CLI (`npm run build` first), real skopeo
 * and the real docker-registry (which, like most registries, lets a tag be overwritten: nothing
 * but digestpin stands between two writers):
 *   - 8 concurrent pushes of DIFFERENT images to one tag: at most one reports success (exit 0,
 *     pushed: true), every other exits 3, and the tag holds exactly the winner's digest, complete;
 *   - 8 concurrent pushes of the SAME image (a re-run): all exit 0 with the same digest, and the
 *     tag holds it. At least one reports pushed: true — and possibly several: the relay of each
 *     run checks the tag right before writing it, and runs whose checks all happen before the
 *     first write each write it (observed: 1 to 4 of 8). They write the same bytes under the same
 *     digest, so the tag never holds anything else; `pushed: true` means "this run wrote the tag".
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { runCli, tempDirs } from '../../support/cli.js';
import { writeOciImage } from '../../support/image.js';
import { startRegistry, type Registry } from '../../support/registry.js';
import { tagHolds } from '../../support/tag-check.js';

const RUNNERS = 8;
const tmp = tempDirs('digestpin-races-');
let registry: Registry;
let home: string;

beforeAll(async () => {
  home = await tmp.make();
  registry = await startRegistry();
});
afterAll(async () => {
  await registry.stop();
  await tmp.cleanup();
});

interface PushJson {
  digest?: string;
  pushed?: boolean;
  error?: { code: string; message: string };
}

async function pushAll(sources: string[], repo: string) {
  const started = Date.now();
  const runs = await Promise.all(
    sources.map((source) =>
      runCli(['push', '--json', '--tag', 'race', source, `${registry.host}/${repo}`], {
        env: { HOME: home, REGISTRY_AUTH_FILE: '', XDG_RUNTIME_DIR: '' },
        timeoutMs: 50_000,
      }),
    ),
  );
  const ms = Date.now() - started;
  const results = runs.map((r) => ({ exit: r.exitCode, json: r.json<PushJson>() }));
  process.stderr.write(
    `${repo}: ${RUNNERS} concurrent pushes in ${ms} ms: ${results
      .map(
        (r) => `${r.exit}${r.json.pushed ? '+' : ''}${r.json.error ? ` ${r.json.error.code}` : ''}`,
      )
      .join(', ')}\n`,
  );
  return results;
}

describe(`${RUNNERS} concurrent pushes to one tag (≤ 30 s each round)`, () => {
  test.each([1, 2, 3])(
    'different images, round %i: at most one succeeds, the rest exit 3, the tag holds the winner',
    async (round) => {
      const repo = `demo/race-different-${round}`;
      const images = await Promise.all(
        Array.from({ length: RUNNERS }, async () =>
          writeOciImage(await tmp.make(), { layers: [{ size: 256 * 1024, random: true }] }),
        ),
      );
      const results = await pushAll(
        images.map((i) => i.ref),
        repo,
      );
      const winners = results.filter((r) => r.exit === 0);
      const losers = results.filter((r) => r.exit !== 0);
      expect(winners.length).toBeLessThanOrEqual(1);
      for (const l of losers) {
        expect(l.exit).toBe(3);
        expect(['TAG_EXISTS', 'CONCURRENT_OVERWRITE']).toContain(l.json.error?.code);
      }
      const holds = await tagHolds(registry, repo, 'race');
      expect(holds.state).toBe('complete');
      if (winners[0]) {
        expect(winners[0].json.pushed).toBe(true);
        expect(holds).toEqual({ state: 'complete', digest: winners[0].json.digest });
      }
    },
    60_000,
  );

  test('the same image: all succeed with one digest; the writers all wrote that digest', async () => {
    const image = await writeOciImage(await tmp.make(), {
      layers: [{ size: 256 * 1024, random: true }],
    });
    const results = await pushAll(Array<string>(RUNNERS).fill(image.ref), 'demo/race-same');
    expect(results.map((r) => r.exit)).toEqual(Array<number>(RUNNERS).fill(0));
    const digests = new Set(results.map((r) => r.json.digest));
    expect(digests.size).toBe(1);
    expect(results.filter((r) => r.json.pushed === true).length).toBeGreaterThanOrEqual(1);
    const holds = await tagHolds(registry, 'demo/race-same', 'race');
    expect(holds).toEqual({ state: 'complete', digest: [...digests][0] });
  }, 60_000);
});
