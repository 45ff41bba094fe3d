/**
 * Quoting for the commands digestpin prints (verify's hints, the pull-request comment), so that a
 * path pasted into bash is read back as the same single word.
 */

/** POSIX-quotes a word; one with control characters (a line break) gets bash's $'…' form. */
export function shellQuote(s: string): string {
  if (/^[\w@%+=:,./-]+$/.test(s)) return s;
  // eslint-disable-next-line no-control-regex
  if (!/[\u0000-\u001f\u007f]/.test(s)) return `'${s.replace(/'/g, `'\\''`)}'`;
  // eslint-disable-next-line no-control-regex
  const escaped = s.replace(/[\\'\u0000-\u001f\u007f]/g, (c) =>
    c === '\\' || c === "'" ? `\\${c}` : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return `$'${escaped}'`;
}
