import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  DigestpinError
} from "./chunk-KJLBA246.js";

// src/limiter.ts
var KeyedLimiter = class {
  constructor(limit) {
    this.limit = limit;
    if (!Number.isInteger(limit) || limit < 1)
      throw new DigestpinError(
        "INVALID_INPUT",
        `concurrency ${String(limit)} is not a whole number \u2265 1`,
        "Pass --concurrency with a positive whole number (default 8)."
      );
  }
  limit;
  lanes = /* @__PURE__ */ new Map();
  /** Runs `task` once a slot of `key` is free; the slot is released however the task ends. */
  async run(key, task) {
    const lane = this.lane(key);
    if (lane.active >= this.limit) await new Promise((resolve) => lane.waiting.push(resolve));
    else lane.active++;
    try {
      return await task();
    } finally {
      const next = lane.waiting.shift();
      if (next) next();
      else if (--lane.active === 0) this.lanes.delete(key);
    }
  }
  /** Tasks running now for `key` (for tests and debug logs). */
  active(key) {
    return this.lanes.get(key)?.active ?? 0;
  }
  lane(key) {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { active: 0, waiting: [] };
      this.lanes.set(key, lane);
    }
    return lane;
  }
};

export {
  KeyedLimiter
};
//# sourceMappingURL=chunk-256RKVCH.js.map
