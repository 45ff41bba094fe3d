import { describe, expect, test } from '@jest/globals';
import { KeyedLimiter } from '../../src/limiter.js';
import { DigestpinError } from '../../src/errors.js';

const tick = (ms = 1): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs `n` tasks per key and records the highest number running at once, per key and overall. */
async function measure(limit: number, perKey: Record<string, number>) {
  const limiter = new KeyedLimiter(limit);
  const running = new Map<string, number>();
  const peak = new Map<string, number>();
  let total = 0;
  let peakTotal = 0;
  const tasks = Object.entries(perKey).flatMap(([key, n]) =>
    Array.from({ length: n }, (_, i) =>
      limiter.run(key, async () => {
        running.set(key, (running.get(key) ?? 0) + 1);
        peak.set(key, Math.max(peak.get(key) ?? 0, running.get(key)!));
        peakTotal = Math.max(peakTotal, ++total);
        await tick(1 + (i % 3));
        running.set(key, running.get(key)! - 1);
        total--;
        return `${key}${i}`;
      }),
    ),
  );
  const results = await Promise.all(tasks);
  return { results, peak, peakTotal, limiter };
}

describe('KeyedLimiter', () => {
  test.each([
    [1, { a: 5 }],
    [3, { a: 20 }],
    [8, { a: 50, b: 3 }],
    [4, { a: 10, b: 10, c: 10 }],
  ])('limit %i never exceeded per key, reached when there is work (%j)', async (limit, perKey) => {
    const { peak, results, limiter } = await measure(limit, perKey);
    for (const [key, n] of Object.entries(perKey)) {
      expect(peak.get(key)).toBe(Math.min(limit, n));
      expect(limiter.active(key)).toBe(0);
    }
    expect(results).toHaveLength(Object.values(perKey).reduce((a, b) => a + b, 0));
  });

  test('keys do not wait for each other', async () => {
    const { peakTotal } = await measure(2, { a: 10, b: 10, c: 10 });
    expect(peakTotal).toBe(6);
  });

  test('a failing task releases its slot and the error reaches the caller', async () => {
    const limiter = new KeyedLimiter(1);
    const failing = limiter.run('h', () => Promise.reject(new Error('boom')));
    const after = limiter.run('h', () => Promise.resolve('next'));
    await expect(failing).rejects.toThrow('boom');
    await expect(after).resolves.toBe('next');
    expect(limiter.active('h')).toBe(0);
  });

  test('FIFO within a key', async () => {
    const limiter = new KeyedLimiter(1);
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        limiter.run('k', async () => {
          await tick();
          order.push(i);
        }),
      ),
    );
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  test.each([0, -1, 1.5, Number.NaN])('refuses limit %p', (limit) => {
    expect(() => new KeyedLimiter(limit)).toThrow(DigestpinError);
  });
});
