/**
 * The namespace of a CommonJS package imported with `import()`: Node (and jest) put the named
 * exports on it; an esbuild bundle in Node mode gives only `default` (= module.exports). Accepts
 * both, checking that `probe` is the function the package must export.
 */
export function cjsNamespace<T extends object>(mod: T, probe: keyof T, what: string): T {
  if (typeof mod[probe] === 'function') return mod;
  const fallback = (mod as { default?: T }).default;
  if (fallback && typeof fallback[probe] === 'function') return fallback;
  throw new Error(`${what} loaded without its ${String(probe)} export`);
}
