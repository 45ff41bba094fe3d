import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);

// src/shell.ts
function shellQuote(s) {
  if (/^[\w@%+=:,./-]+$/.test(s)) return s;
  if (!/[\u0000-\u001f\u007f]/.test(s)) return `'${s.replace(/'/g, `'\\''`)}'`;
  const escaped = s.replace(
    /[\\'\u0000-\u001f\u007f]/g,
    (c) => c === "\\" || c === "'" ? `\\${c}` : `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`
  );
  return `$'${escaped}'`;
}

export {
  shellQuote
};
//# sourceMappingURL=chunk-OMVSYKBA.js.map
