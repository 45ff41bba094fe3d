import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);

// src/cjs.ts
function cjsNamespace(mod, probe, what) {
  if (typeof mod[probe] === "function") return mod;
  const fallback = mod.default;
  if (fallback && typeof fallback[probe] === "function") return fallback;
  throw new Error(`${what} loaded without its ${String(probe)} export`);
}

export {
  cjsNamespace
};
//# sourceMappingURL=chunk-KK367FDL.js.map
