/**
 * Bounded concurrency per key (a registry host): at most `limit` tasks of one key run at once,
 * tasks of different keys do not wait for each other. FIFO within a key.
 */
import { DigestpinError } from './errors.js';

interface Lane {
  active: number;
  waiting: (() => void)[];
}

export class KeyedLimiter {
  private readonly lanes = new Map<string, Lane>();

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new DigestpinError(
        'INVALID_INPUT',
        `concurrency ${String(limit)} is not a whole number ≥ 1`,
        'Pass --concurrency with a positive whole number (default 8).',
      );
  }

  /** Runs `task` once a slot of `key` is free; the slot is released however the task ends. */
  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const lane = this.lane(key);
    if (lane.active >= this.limit) await new Promise<void>((resolve) => lane.waiting.push(resolve));
    else lane.active++;
    try {
      return await task();
    } finally {
      const next = lane.waiting.shift();
      // Hand the slot straight to the next waiter (active stays the same), or give it back.
      if (next) next();
      else if (--lane.active === 0) this.lanes.delete(key);
    }
  }

  /** Tasks running now for `key` (for tests and debug logs). */
  active(key: string): number {
    return this.lanes.get(key)?.active ?? 0;
  }

  private lane(key: string): Lane {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { active: 0, waiting: [] };
      this.lanes.set(key, lane);
    }
    return lane;
  }
}
