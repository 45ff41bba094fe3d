import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  DigestpinError
} from "./chunk-3WEU2BZR.js";

// src/manifests/diff.ts
var CONTEXT = 3;
function lineStarts(text) {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  if (starts[starts.length - 1] === text.length && starts.length > 1) starts.pop();
  return starts;
}
function lineOf(starts, offset) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = lo + hi + 1 >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
function strip(line) {
  const l = line.endsWith("\n") ? line.slice(0, -1) : line;
  return l.endsWith("\r") ? l.slice(0, -1) : l;
}
function splitKeep(text) {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  return lines.map(strip);
}
function unifiedDiff(path, text, edits) {
  if (edits.length === 0) return "";
  const starts = lineStarts(text);
  const lineText = (i) => strip(text.slice(starts[i] ?? text.length, starts[i + 1] ?? text.length));
  const blocks = [];
  for (const e of [...edits].sort((a, b2) => a.start - b2.start)) {
    const from = lineOf(starts, e.start);
    const to = lineOf(starts, Math.max(e.start, e.end - 1)) + 1;
    const last = blocks[blocks.length - 1];
    if (last && from < last.to) {
      last.to = Math.max(last.to, to);
      last.edits.push(e);
    } else blocks.push({ from, to, edits: [e] });
  }
  const out = [`--- a/${path}`, `+++ b/${path}`];
  let delta = 0;
  let b = 0;
  while (b < blocks.length) {
    let end = b;
    while (end + 1 < blocks.length && (blocks[end + 1]?.from ?? 0) - (blocks[end]?.to ?? 0) <= 2 * CONTEXT)
      end++;
    const first = blocks[b];
    const lastBlock = blocks[end];
    const hunkFrom = Math.max(0, first.from - CONTEXT);
    const hunkTo = Math.min(starts.length, lastBlock.to + CONTEXT);
    const body = [];
    let added = 0;
    let removed = 0;
    let line = hunkFrom;
    for (let k = b; k <= end; k++) {
      const block = blocks[k];
      for (; line < block.from; line++) body.push(` ${lineText(line)}`);
      const blockStart = starts[block.from] ?? text.length;
      const blockEnd = starts[block.to] ?? text.length;
      let cursor = blockStart;
      let replaced = "";
      for (const e of block.edits) {
        replaced += text.slice(cursor, e.start) + e.text;
        cursor = e.end;
      }
      replaced += text.slice(cursor, blockEnd);
      for (; line < block.to; line++, removed++) body.push(`-${lineText(line)}`);
      for (const l of splitKeep(replaced)) {
        body.push(`+${l}`);
        added++;
      }
    }
    for (; line < hunkTo; line++) body.push(` ${lineText(line)}`);
    const context = hunkTo - hunkFrom - removed;
    const oldCount = context + removed;
    const newCount = context + added;
    const newFrom = hunkFrom + delta;
    out.push(
      `@@ -${oldCount ? hunkFrom + 1 : hunkFrom},${oldCount} +${newCount ? newFrom + 1 : newFrom},${newCount} @@`
    );
    out.push(...body);
    delta += added - removed;
    b = end + 1;
  }
  return `${out.join("\n")}
`;
}

// src/manifests/edit.ts
function splitImage(value) {
  let rest = value;
  let digest;
  const at = rest.indexOf("@");
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const colon = rest.lastIndexOf(":");
  const out = { name: rest };
  if (colon > rest.lastIndexOf("/")) {
    out.name = rest.slice(0, colon);
    out.tag = rest.slice(colon + 1);
  }
  if (digest !== void 0) out.digest = digest;
  return out;
}
var NOT_A_STRING = /^(?:[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|\.inf|\.Inf|\.INF)|\.nan|\.NaN|\.NAN|~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$/;
var PLAIN_SAFE = /^[A-Za-z0-9_./][A-Za-z0-9_./:@+-]*$/;
function plainReadsAsString(value) {
  return PLAIN_SAFE.test(value) && !NOT_A_STRING.test(value);
}
function formatScalar(style, value) {
  if (style === "single") return `'${value.replace(/'/g, "''")}'`;
  if (style === "double" || !plainReadsAsString(value)) return JSON.stringify(value);
  return value;
}
function composed(name, tag, digest) {
  return `${name}${tag ? `:${tag}` : ""}${digest ? `@${digest}` : ""}`;
}
var Planner = class {
  constructor(file) {
    this.file = file;
  }
  file;
  edits = [];
  changes = [];
  warnings = [];
  field(field, target) {
    if (field.kind === "container") this.container(field, target);
    else if (field.kind === "kustomize") this.kustomize(field, target);
    else this.helm(field, target);
  }
  set(span, value, field) {
    if (span.value === value) return false;
    if (span.style === "block") {
      this.warnings.push(`${this.file.path}:${field.line}: block scalar image value not rewritten`);
      return false;
    }
    this.edits.push({ start: span.start, end: span.end, text: formatScalar(span.style, value) });
    return true;
  }
  container(field, target) {
    if (!field.scalar) return;
    const { name, tag } = splitImage(field.scalar.value);
    const to = composed(name, target.tag ?? tag, target.digest);
    if (this.set(field.scalar, to, field))
      this.changes.push({ line: field.line, from: field.value, to });
  }
  kustomize(field, target) {
    const fields = field.fields ?? {};
    const name = (fields.newName ?? fields.name)?.value ?? "";
    const wanted = [
      ["newTag", target.tag],
      ["digest", target.digest]
    ];
    const inserts = [];
    let changed = false;
    for (const [key, value] of wanted) {
      if (value === void 0) continue;
      const span = fields[key];
      if (span) changed = this.set(span, value, field) || changed;
      else inserts.push(`${key}: ${formatScalar("plain", value)}`);
    }
    if (inserts.length > 0) {
      const at = field.insert;
      if (!at) {
        this.warnings.push(`${this.file.path}:${field.line}: cannot add ${inserts.join(", ")}`);
        return;
      }
      const eol = this.file.text[at.offset] === "\r" ? "\r\n" : "\n";
      const text = at.indent === void 0 ? inserts.map((s) => `, ${s}`).join("") : inserts.map((s) => `${eol}${at.indent}${s}`).join("");
      this.edits.push({ start: at.offset, end: at.offset, text });
      changed = true;
    }
    if (changed) {
      const to = composed(name, target.tag ?? fields.newTag?.value, target.digest);
      this.changes.push({ line: field.line, from: field.value, to });
    }
  }
  helm(field, target) {
    const fields = field.fields ?? {};
    const reg = fields.registry?.value ? `${fields.registry.value}/` : "";
    const name = `${reg}${fields.repository?.value ?? ""}`;
    const tagSpan = fields.tag;
    if (!tagSpan) return;
    let changed = false;
    let to;
    if (fields.digest) {
      const tag = target.tag ?? tagSpan.value;
      if (target.tag !== void 0) changed = this.set(tagSpan, target.tag, field);
      changed = this.set(fields.digest, target.digest, field) || changed;
      to = composed(name, tag, target.digest);
    } else {
      const tag = target.tag ?? splitImage(`x:${tagSpan.value}`).tag ?? "";
      if (!tag) {
        this.warnings.push(
          `${this.file.path}:${field.line}: helm values without tag or digest key not pinned`
        );
        return;
      }
      changed = this.set(tagSpan, `${tag}@${target.digest}`, field);
      to = composed(name, tag, target.digest);
    }
    if (changed) this.changes.push({ line: field.line, from: field.value, to });
  }
};
function planEdits(file, targetFor) {
  const planner = new Planner(file);
  for (const field of file.images) {
    const target = targetFor(field);
    if (target) planner.field(field, target);
  }
  const edits = dedupe(file.path, planner.edits);
  return {
    path: file.path,
    text: file.text,
    newText: applyEdits(file.text, edits),
    edits,
    changes: planner.changes,
    warnings: planner.warnings
  };
}
function dedupe(path, edits) {
  const byRange = /* @__PURE__ */ new Map();
  for (const e of edits) {
    const key = `${e.start}:${e.end}`;
    const prev = byRange.get(key);
    if (prev && prev.text !== e.text && e.start !== e.end) {
      throw new DigestpinError(
        "INVALID_INPUT",
        `${path}: one anchored value would need two different images (${prev.text}, ${e.text})`,
        "Write the image values separately instead of through one YAML anchor."
      );
    }
    if (prev && e.start === e.end) prev.text += e.text;
    else if (!prev) byRange.set(key, { ...e });
  }
  return [...byRange.values()].sort((a, b) => a.start - b.start);
}
function applyEdits(text, edits) {
  const parts = [];
  let pos = 0;
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    if (e.start < pos) {
      throw new DigestpinError(
        "INTERNAL",
        `overlapping edits at offset ${e.start}`,
        "This is a bug."
      );
    }
    parts.push(text.slice(pos, e.start), e.text);
    pos = e.end;
  }
  parts.push(text.slice(pos));
  return parts.join("");
}

// src/manifests/write.ts
import { randomBytes } from "node:crypto";
import { open, readdir, realpath, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
var TEMP_NAME = /^\..+\.digestpin-(\d+)-[0-9a-f]{12}\.tmp$/;
var STALE_AFTER_MS = 6e4;
function tempName(target, pid = process.pid) {
  return join(
    dirname(target),
    `.${basename(target)}.digestpin-${pid}-${randomBytes(6).toString("hex")}.tmp`
  );
}
function processAlive(pid) {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}
async function sweepLeftovers(dir, now = Date.now()) {
  const names = await readdir(dir).catch(() => []);
  const removed = [];
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m || processAlive(Number(m[1]))) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => void 0);
    if (!info?.isFile() || now - info.mtimeMs < STALE_AFTER_MS) continue;
    await unlink(path).then(
      () => removed.push(name),
      () => void 0
    );
  }
  return removed;
}
async function writeTemp(target, text) {
  const info = await stat(target);
  const tmp = tempName(target);
  const handle = await open(tmp, "wx", info.mode & 4095);
  try {
    await handle.writeFile(text, "utf8");
    await handle.chmod(info.mode & 4095);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return tmp;
}
async function writeAllAtomically(files) {
  const temps = [];
  try {
    const targets = [];
    for (const f of files) targets.push(await realpath(f.path));
    for (const dir of new Set(targets.map((t) => dirname(t)))) await sweepLeftovers(dir);
    for (const [i, f] of files.entries()) {
      const target = targets[i] ?? f.path;
      temps.push({ tmp: await writeTemp(target, f.text), target });
    }
  } catch (err) {
    await Promise.all(temps.map((t) => unlink(t.tmp).catch(() => void 0)));
    const why = err instanceof Error ? err.message : String(err);
    throw new DigestpinError(
      "INVALID_INPUT",
      `could not write manifests: ${why}; no file was changed`,
      "Check that the manifest files and their folders are writable.",
      { cause: err }
    );
  }
  for (const t of temps) await rename(t.tmp, t.target);
}

export {
  unifiedDiff,
  splitImage,
  formatScalar,
  planEdits,
  applyEdits,
  writeAllAtomically
};
//# sourceMappingURL=chunk-6LLNOPUW.js.map
