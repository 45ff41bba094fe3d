import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  cjsNamespace
} from "./chunk-KK367FDL.js";
import {
  DigestpinError
} from "./chunk-KJLBA246.js";

// src/manifests/kustomize.ts
function kustomizeSplit(image) {
  const slash = Math.max(image.indexOf("/"), 0);
  const search = image.slice(slash);
  const at = search.indexOf("@");
  const colon = search.indexOf(":");
  if (at < 0 && colon < 0) return { name: image, tag: "", digest: "" };
  if (at >= 0 && (colon < 0 || at < colon)) {
    return { name: image.slice(0, slash + at), tag: "", digest: image.slice(slash + at + 1) };
  }
  if (at >= 0) {
    return {
      name: image.slice(0, slash + colon),
      tag: image.slice(slash + colon + 1, slash + at),
      digest: image.slice(slash + at + 1)
    };
  }
  return { name: image.slice(0, slash + colon), tag: image.slice(slash + colon + 1), digest: "" };
}
function readKustomizeEntry(e) {
  const matched = kustomizeSplit(e.name ?? "");
  const outName = e.newName || matched.name;
  const override = Boolean(e.newTag || e.digest);
  const tag = override ? e.newTag ?? "" : matched.tag;
  const digest = override ? e.digest ?? "" : matched.digest;
  const value = `${outName}${tag ? `:${tag}` : ""}${digest ? `@${digest}` : ""}`;
  const own = kustomizeSplit(outName);
  return { value, repository: own.name, tag: e.newTag || own.tag || tag };
}
function pinnedKustomizeEntry(e, tag, digest) {
  const own = e.newName ? kustomizeSplit(e.newName) : void 0;
  const tagInNewName = Boolean(own?.tag) && !e.newTag;
  const out = {
    digest,
    value: ""
  };
  let name = own?.name ?? kustomizeSplit(e.name ?? "").name;
  if (own) {
    out.newName = tagInNewName && tag ? `${own.name}:${tag}` : own.name;
    name = out.newName;
  }
  if (!tagInNewName && tag) out.newTag = tag;
  out.value = `${name}${!tagInNewName && tag ? `:${tag}` : ""}@${digest}`;
  return out;
}
function kustomizeValues(fields) {
  return {
    name: fields.name?.value,
    newName: fields.newName?.value,
    newTag: fields.newTag?.value,
    digest: fields.digest?.value
  };
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
function plainReadsAsNonString(value) {
  return NOT_A_STRING.test(value);
}
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
    if (field.kind === "container" || field.kind === "volume") this.container(field, target);
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
    const entry = kustomizeValues(fields);
    const tag = target.tag ?? readKustomizeEntry(entry).tag;
    const pinned = pinnedKustomizeEntry(entry, tag, target.digest);
    const wanted = [
      ["newName", pinned.newName],
      ["newTag", pinned.newTag],
      ["digest", pinned.digest]
    ];
    const inserts = [];
    let changed = false;
    for (const [key, value] of wanted) {
      if (value === void 0) continue;
      const span = fields[key];
      if (span) changed = this.setOrQuote(span, value, field) || changed;
      else
        inserts.push(
          field.insert?.json ? `${JSON.stringify(key)}: ${JSON.stringify(value)}` : `${key}: ${formatScalar("plain", value)}`
        );
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
    if (changed) this.changes.push({ line: field.line, from: field.value, to: pinned.value });
  }
  /** `set`, and also quotes a plain value that YAML would not read as a string (`newTag: 2.5`). */
  setOrQuote(span, value, field) {
    if (span.value === value && span.style === "plain" && !plainReadsAsString(value)) {
      this.edits.push({ start: span.start, end: span.end, text: formatScalar("double", value) });
      return true;
    }
    return this.set(span, value, field);
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

// src/manifests/find.ts
import { lstat, readdir, realpath, stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
var SKIP_DIRS = /* @__PURE__ */ new Set([".git", "node_modules"]);
var YAML_RE = /\.(?:ya?ml|json)$/i;
var GLOB_CHARS = /[*?[{]/;
function globToRegExp(glob) {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? "";
    if (c === "*") {
      if (glob[i + 1] === "*") {
        const slash = glob[i + 2] === "/";
        re += slash ? "(?:[^/]*/)*" : ".*";
        i += slash ? 2 : 1;
      } else re += "[^/]*";
    } else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 1);
      if (end === -1) re += "\\[";
      else {
        re += `[${glob.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else if (c === "{") {
      const end = glob.indexOf("}", i + 1);
      if (end === -1) re += "\\{";
      else {
        const alts = glob.slice(i + 1, end).split(",").map((a) => a.replace(/[.+^$()|\\]/g, "\\$&"));
        re += `(?:${alts.join("|")})`;
        i = end;
      }
    } else re += c.replace(/[.+^$()|\\\]}]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
function toPosix(p) {
  return p.split(sep).join("/");
}
function inside(root, p) {
  const rel = relative(root, p);
  return rel === "" || rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}
async function walk(dir, rootReal, out, visited) {
  const real = await realpath(dir);
  if (visited.has(real)) return;
  visited.add(real);
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  for (const e of entries) {
    if (SKIP_DIRS.has(e.name)) continue;
    const p = join(dir, e.name);
    let isDir = e.isDirectory();
    let isFile = e.isFile();
    if (e.isSymbolicLink()) {
      const target = await realpath(p).catch(() => void 0);
      if (target === void 0) continue;
      if (!inside(rootReal, target)) {
        throw new DigestpinError(
          "UNSAFE_PATH",
          `${p}: symlink leads outside ${rootReal} (to ${target})`,
          LEADS_OUT_HINT
        );
      }
      const info = await stat(target);
      isDir = info.isDirectory();
      isFile = info.isFile();
    }
    if (isDir) await walk(p, rootReal, out, visited);
    else if (isFile && YAML_RE.test(e.name)) out.push(p);
  }
}
var LEADS_OUT_HINT = "Remove the symlink or pass its target as a path of its own.";
async function realOfGiven(given, abs, cwd) {
  const cwdReal = await realpath(cwd);
  const place = inside(cwd, abs) ? join(cwdReal, relative(cwd, abs)) : join(await realpath(dirname(abs)).catch(() => dirname(abs)), basename(abs));
  const real = await realpath(abs).catch((err) => {
    throw new DigestpinError(
      "FILE_NOT_FOUND",
      `${given}: a symlink that leads nowhere (${err.code ?? String(err)})`,
      "Fix or remove the symlink.",
      { cause: err }
    );
  });
  if (!inside(place, real)) {
    throw new DigestpinError(
      "UNSAFE_PATH",
      `${given}: symlink leads outside the path as given (${place} is ${real})`,
      LEADS_OUT_HINT
    );
  }
  return real;
}
function globBase(absPattern) {
  const parts = toPosix(absPattern).split("/");
  const firstGlob = parts.findIndex((p) => GLOB_CHARS.test(p));
  return parts.slice(0, firstGlob).join("/") || "/";
}
async function expandGlob(pattern, cwd) {
  const abs = toPosix(resolve(cwd, pattern));
  const base = globBase(abs);
  const re = globToRegExp(abs);
  const files = [];
  const exists = await stat(base).catch(() => void 0);
  if (!exists?.isDirectory()) return [];
  await walk(base, await realOfGiven(pattern, base, cwd), files, /* @__PURE__ */ new Set());
  return files.filter((f) => re.test(toPosix(f)));
}
async function findManifestFiles(paths, cwd) {
  const found = /* @__PURE__ */ new Set();
  for (const given of paths) {
    const abs = resolve(cwd, given);
    const info = await lstat(abs).catch(() => void 0);
    if (!info && GLOB_CHARS.test(given)) {
      const matches = await expandGlob(given, cwd);
      if (matches.length === 0) {
        throw new DigestpinError(
          "FILE_NOT_FOUND",
          `${given}: no file matches`,
          "Check the pattern; quote it so the shell does not expand it."
        );
      }
      for (const m of matches) found.add(m);
      continue;
    }
    if (!info) {
      throw new DigestpinError(
        "FILE_NOT_FOUND",
        `${given}: no such file or folder`,
        "Check the path (relative paths start at the working directory)."
      );
    }
    const real = await realOfGiven(given, abs, cwd);
    const target = info.isSymbolicLink() ? await stat(abs) : info;
    if (target.isDirectory()) {
      const files = [];
      await walk(abs, real, files, /* @__PURE__ */ new Set());
      for (const f of files) found.add(f);
    } else found.add(abs);
  }
  return [...found].sort();
}
async function confinePaths(paths, cwd, root) {
  const rootReal = await realpath(root);
  for (const given of paths) {
    const abs = resolve(cwd, given);
    const exists = await lstat(abs).then(
      () => true,
      () => false
    );
    const checked = !exists && GLOB_CHARS.test(given) ? globBase(abs) : abs;
    const real = await realpath(checked).catch(() => void 0);
    const lexical = inside(resolve(root), checked) || inside(rootReal, checked);
    if (real === void 0 ? lexical : inside(rootReal, real)) continue;
    throw new DigestpinError(
      "UNSAFE_PATH",
      `${given}: outside the workspace ${rootReal}${real !== void 0 && real !== checked ? ` (it leads to ${real})` : ""}; the action reads and writes manifests only inside GITHUB_WORKSPACE`,
      "Give manifest paths inside the repository checkout, without symlinks that lead out of it."
    );
  }
}

// src/manifests/limits.ts
import { isUtf8 } from "node:buffer";
import { constants } from "node:fs";
import { open } from "node:fs/promises";
var MAX_MANIFEST_BYTES = 8 * 1024 * 1024;
var MIB = 1024 * 1024;
function limitText(max) {
  return max % MIB === 0 ? `${max / MIB} MiB` : `${max}-byte`;
}
function tooLarge(shown, bytes, max = MAX_MANIFEST_BYTES) {
  const size = bytes === void 0 ? "over" : `${(bytes / MIB).toFixed(1)} MiB, over`;
  return new DigestpinError(
    "INVALID_INPUT",
    `${shown}: file is ${size} the ${limitText(max)} limit for a manifest; nothing was read or written`,
    "Split the file, or pass only the folders that hold your manifests (generated or vendored files this large are refused as a protection against hostile input)."
  );
}
function checkManifestSize(shown, text) {
  if (text.length > MAX_MANIFEST_BYTES) throw tooLarge(shown, Buffer.byteLength(text, "utf8"));
}
function kindOf(info) {
  if (info.isDirectory()) return "a folder";
  if (info.isFIFO()) return "a FIFO";
  if (info.isCharacterDevice()) return "a character device";
  if (info.isBlockDevice()) return "a block device";
  if (info.isSocket()) return "a socket";
  return "not a file";
}
function firstInvalidUtf8(bytes) {
  for (let i = 0; i < bytes.length; ) {
    const c = bytes[i] ?? 0;
    if (c < 128) {
      i++;
      continue;
    }
    const n = c >= 194 && c <= 223 ? 1 : c >= 224 && c <= 239 ? 2 : c >= 240 && c <= 244 ? 3 : 0;
    if (n === 0 || i + n >= bytes.length) return i;
    for (let k = 1; k <= n; k++) if (((bytes[i + k] ?? 0) & 192) !== 128) return i;
    const c1 = bytes[i + 1] ?? 0;
    if (c === 224 && c1 < 160 || c === 237 && c1 > 159) return i;
    if (c === 240 && c1 < 144 || c === 244 && c1 > 143) return i;
    i += n + 1;
  }
  return -1;
}
function decodeManifest(shown, data) {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (isUtf8(bytes)) return bytes.toString("utf8");
  const offset = Math.max(0, firstInvalidUtf8(bytes));
  const lineStart = bytes.lastIndexOf(10, offset - 1) + 1;
  let line = 1;
  for (let i = bytes.indexOf(10); i !== -1 && i < offset; i = bytes.indexOf(10, i + 1)) line++;
  const column = offset - lineStart + 1;
  const hex = (bytes[offset] ?? 0).toString(16).padStart(2, "0");
  return fail(
    `${shown}:${line}:${column}: not valid UTF-8 (byte ${offset}: 0x${hex}); nothing was written`,
    "Kubernetes reads manifests as UTF-8: convert the file (e.g. `iconv -f latin1 -t utf-8`), or remove the stray bytes."
  );
}
function fail(message, hint) {
  throw new DigestpinError("INVALID_INPUT", message, hint);
}
async function readCapped(handle, shown, size, max) {
  let buf = Buffer.allocUnsafe(Math.min(Math.max(size, 64 * 1024), max) + 1);
  let length = 0;
  for (; ; ) {
    if (length === buf.length) {
      if (length > max) throw tooLarge(shown, void 0, max);
      const grown = Buffer.allocUnsafe(Math.min(buf.length * 2, max + 1));
      buf.copy(grown, 0, 0, length);
      buf = grown;
    }
    const { bytesRead } = await handle.read(buf, length, buf.length - length, null);
    if (bytesRead === 0) return buf.subarray(0, length);
    length += bytesRead;
  }
}
async function readManifest(file, shown = file, max = MAX_MANIFEST_BYTES) {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      fail(
        `${shown}: not a regular file (${kindOf(info)}); nothing was read or written`,
        "Pass manifest files or the folders that hold them; digestpin reads regular files only."
      );
    }
    if (info.size > max) throw tooLarge(shown, info.size, max);
    return decodeManifest(shown, await readCapped(handle, shown, info.size, max));
  } finally {
    await handle.close();
  }
}
var READ_CONCURRENCY = 64;
async function readManifestsInBatches(files, shown, visit) {
  for (let i = 0; i < files.length; i += READ_CONCURRENCY) {
    const batch = files.slice(i, i + READ_CONCURRENCY).map((file) => ({ file, shown: shown(file) }));
    const texts = await Promise.all(batch.map((f) => readManifest(f.file, f.shown)));
    for (const [k, f] of batch.entries()) await visit(f.file, f.shown, texts[k] ?? "");
  }
}

// src/manifests/yaml-nodes.ts
var NODE_TYPE = /* @__PURE__ */ Symbol.for("yaml.node.type");
var ALIAS = /* @__PURE__ */ Symbol.for("yaml.alias");
var MAP = /* @__PURE__ */ Symbol.for("yaml.map");
var PAIR = /* @__PURE__ */ Symbol.for("yaml.pair");
var SCALAR = /* @__PURE__ */ Symbol.for("yaml.scalar");
var SEQ = /* @__PURE__ */ Symbol.for("yaml.seq");
function typeOf(node) {
  return node !== null && typeof node === "object" ? node[NODE_TYPE] : void 0;
}
var isAlias = (node) => typeOf(node) === ALIAS;
var isMap = (node) => typeOf(node) === MAP;
var isScalar = (node) => typeOf(node) === SCALAR;
var isSeq = (node) => typeOf(node) === SEQ;
var LineCounter = class {
  lineStarts = [];
  addNewLine = (offset) => this.lineStarts.push(offset);
  /** 1-based line and column of `offset` (binary search, as the library's). */
  linePos = (offset) => {
    let low = 0;
    let high = this.lineStarts.length;
    while (low < high) {
      const mid = low + high >> 1;
      if ((this.lineStarts[mid] ?? 0) < offset) low = mid + 1;
      else high = mid;
    }
    if (this.lineStarts[low] === offset) return { line: low + 1, col: 1 };
    if (low === 0) return { line: 0, col: offset };
    const start = this.lineStarts[low - 1] ?? 0;
    return { line: low, col: offset - start + 1 };
  };
};

// src/manifests/fastparse.ts
var newMap = (flow, pos) => ({
  [NODE_TYPE]: MAP,
  items: [],
  flow,
  range: [pos, pos, pos]
});
var newSeq = (flow, pos) => ({
  [NODE_TYPE]: SEQ,
  items: [],
  flow,
  range: [pos, pos, pos]
});
var newPair = (key, value) => ({
  [NODE_TYPE]: PAIR,
  key,
  value
});
var isMapNode = (n) => n?.[NODE_TYPE] === MAP;
var isSeqNode = (n) => n?.[NODE_TYPE] === SEQ;
var isScalarNode = (n) => n?.[NODE_TYPE] === SCALAR;
var Bail = class extends Error {
};
var bail = () => {
  throw new Bail();
};
var NULLS = /* @__PURE__ */ new Set(["~", "null", "Null", "NULL"]);
var KEY_RE = /([A-Za-z0-9_./$][^:#'"{}[\],\r\n]*?|"[^"\\\r\n]*"|'[^'\r\n]*')[ ]*:(?:[ ]+|(?=\r?\n|$))/y;
var BLOCK_HEADER_RE = /[|>][+-]?(?:[ ]+#[^\r\n]*)?(?=\r?\n|$)/y;
function matchAt(re, text, pos) {
  re.lastIndex = pos;
  return re.exec(text);
}
var IMAGE_KEYS = /* @__PURE__ */ new Set([
  "image",
  "name",
  "newName",
  "newTag",
  "digest",
  "registry",
  "repository",
  "tag",
  "kind"
]);
function scalar(value, source, type, start, end) {
  return { [NODE_TYPE]: SCALAR, value, source, type, range: [start, end, end] };
}
var ValueReader = class {
  constructor(text) {
    this.text = text;
  }
  text;
  /** A value in block context that must end the line (only spaces and a comment may follow). */
  block(pos, end) {
    const [node, stop] = this.value(pos, end, false);
    this.rest(stop, end);
    return node;
  }
  rest(pos, end) {
    let p = pos;
    while (p < end && this.text[p] === " ") p++;
    if (p < end && (this.text[p] !== "#" || p === pos)) bail();
  }
  value(pos, end, flow) {
    const c = this.text[pos];
    if (c === "{" || c === "[") return this.flow(pos, end);
    if (c === '"') return this.quoted(pos, end, '"');
    if (c === "'") return this.quoted(pos, end, "'");
    return this.plain(pos, end, flow);
  }
  quoted(pos, end, q) {
    let p = pos + 1;
    for (; ; ) {
      p = this.text.indexOf(q, p);
      if (p === -1 || p >= end) return bail();
      if (q === "'" && this.text[p + 1] === "'") p += 2;
      else if (q === '"' && this.text[p - 1] === "\\") return bail();
      else break;
    }
    const raw = this.text.slice(pos + 1, p);
    if (q === '"' && raw.includes("\\")) bail();
    const value = q === "'" ? raw.replace(/''/g, "'") : raw;
    return [scalar(value, value, q === "'" ? "QUOTE_SINGLE" : "QUOTE_DOUBLE", pos, p + 1), p + 1];
  }
  plain(pos, end, flow) {
    const c = this.text[pos] ?? "";
    if ("-?:,[]{}#&*!|>'\"%@`".includes(c) && !(c === "-" && /[^ ,\]}]/.test(this.text[pos + 1] ?? " ")))
      bail();
    let p = pos;
    for (; p < end; p++) {
      const ch = this.text[p];
      if (ch === "#" && this.text[p - 1] === " ") break;
      if (flow && (ch === "," || ch === "]" || ch === "}")) break;
      if (ch === ":" && (p + 1 === end || " ,]}".includes(this.text[p + 1] ?? " "))) {
        if (flow) break;
        bail();
      }
    }
    let e = p;
    while (e > pos && this.text[e - 1] === " ") e--;
    if (e === pos) bail();
    const raw = this.text.slice(pos, e);
    return [scalar(NULLS.has(raw) ? null : raw, raw, "PLAIN", pos, e), e];
  }
  flow(pos, end) {
    const open2 = this.text[pos];
    const close = open2 === "{" ? "}" : "]";
    const node = open2 === "{" ? newMap(true, pos) : newSeq(true, pos);
    let p = this.skip(pos + 1, end);
    if (this.text[p] === close) {
      node.range = [pos, p + 1, p + 1];
      return [node, p + 1];
    }
    for (; ; ) {
      const [item, after] = this.value(p, end, true);
      p = this.skip(after, end);
      if (isMapNode(node)) {
        if (!isScalarNode(item) || this.text[p] !== ":") return bail();
        p = this.skip(p + 1, end);
        const [v, afterValue] = this.value(p, end, true);
        node.items.push(newPair(item, v));
        p = this.skip(afterValue, end);
      } else {
        if (this.text[p] === ":") bail();
        node.items.push(item);
      }
      if (this.text[p] === close) break;
      if (this.text[p] !== ",") bail();
      p = this.skip(p + 1, end);
      if (this.text[p] === close) break;
    }
    node.range = [pos, p + 1, p + 1];
    return [node, p + 1];
  }
  skip(pos, end) {
    let p = pos;
    while (p < end && this.text[p] === " ") p++;
    if (p >= end) bail();
    return p;
  }
};
function fastParseEach(text, lines, onDocument) {
  try {
    new Builder(text, lines, onDocument).run();
    return true;
  } catch (err) {
    if (err instanceof Bail || err instanceof RangeError) return false;
    throw err;
  }
}
var Builder = class {
  constructor(text, lines, onDocument) {
    this.text = text;
    this.lines = lines;
    this.onDocument = onDocument;
    this.reader = new ValueReader(text);
  }
  text;
  lines;
  onDocument;
  stack = [];
  pending;
  root;
  reader;
  run() {
    const text = this.text;
    let start = text.charCodeAt(0) === 65279 ? 1 : 0;
    this.lines.addNewLine(0);
    if (text.includes("	") || /\r(?!\n)/.test(text)) bail();
    let blockIndent = -1;
    let contentIndent = -1;
    while (start <= text.length) {
      const nl = text.indexOf("\n", start);
      const next = nl === -1 ? text.length + 1 : nl + 1;
      if (nl !== -1) this.lines.addNewLine(nl + 1);
      let end = nl === -1 ? text.length : nl;
      if (text[end - 1] === "\r") end--;
      let ind = start;
      while (ind < end && text[ind] === " ") ind++;
      const indent = ind - start;
      const blank = ind === end || text[ind] === "#";
      if (blockIndent >= 0) {
        if (ind === end || indent > blockIndent) {
          if (ind !== end && contentIndent === -1) contentIndent = indent;
          if (ind !== end && indent < contentIndent) bail();
          start = next;
          continue;
        }
        blockIndent = -1;
        contentIndent = -1;
      }
      const marker = start + 3 === end || text[start + 3] === " ";
      if (indent === 0 && marker && (text.startsWith("---", start) || text.startsWith("...", start))) {
        const after = text.slice(start + 3, end).trim();
        if (after !== "" && !after.startsWith("#")) bail();
        this.endDocument();
      } else if (text[start] === "%") bail();
      else if (!blank) blockIndent = this.line(ind, end, indent);
      start = next;
    }
    this.endDocument();
  }
  endDocument() {
    if (this.pending) this.pending.set(scalar(null, "", "PLAIN", this.pending.at, this.pending.at));
    if (this.root) this.onDocument(this.root);
    this.root = void 0;
    this.stack = [];
    this.pending = void 0;
  }
  /** One content line; returns the indentation a block scalar it opens must exceed (or -1). */
  line(pos, end, indent) {
    const dash = this.text[pos] === "-" && (pos + 1 === end || this.text[pos + 1] === " ");
    const p = this.pending;
    if (p) {
      this.pending = void 0;
      if (dash && indent >= p.seqIndent && indent > p.seqIndent - 1) {
        const seq = this.open(newSeq(false, pos), indent);
        p.set(seq);
      } else if (!dash && indent > p.indent) {
        p.set(this.open(newMap(false, pos), indent));
      } else if (indent > p.indent) bail();
      else p.set(scalar(null, "", "PLAIN", p.at, p.at));
    }
    while (this.stack.length > 0) {
      const top2 = this.stack[this.stack.length - 1];
      if (top2.indent > indent || top2.indent === indent && isSeqNode(top2.node) && !dash) {
        this.stack.pop();
      } else break;
    }
    if (this.stack.length === 0) {
      if (this.root) bail();
      this.root = this.open(dash ? newSeq(false, pos) : newMap(false, pos), indent);
    }
    const top = this.stack[this.stack.length - 1];
    if (top.indent !== indent) bail();
    if (isSeqNode(top.node)) {
      if (!dash) bail();
      return this.item(top.node, pos, end, indent);
    }
    if (dash) bail();
    return this.pair(top.node, pos, end, indent);
  }
  open(node, indent) {
    this.stack.push({ indent, node });
    return node;
  }
  item(seq, pos, end, indent) {
    let v = pos + 1;
    while (v < end && this.text[v] === " ") v++;
    if (v === end || this.text[v] === "#") {
      this.pending = { indent, seqIndent: indent + 1, set: (n) => seq.items.push(n), at: v };
      return -1;
    }
    if (this.text[v] === "-" && (v + 1 === end || this.text[v + 1] === " ")) bail();
    if (matchAt(KEY_RE, this.text, v)) {
      const map = this.open(newMap(false, v), v - pos + indent);
      seq.items.push(map);
      return this.pair(map, v, end, v - pos + indent);
    }
    if (matchAt(BLOCK_HEADER_RE, this.text, v)) bail();
    seq.items.push(this.reader.block(v, end));
    return -1;
  }
  pair(map, pos, end, indent) {
    const m = matchAt(KEY_RE, this.text, pos);
    if (!m?.[1]) return bail();
    const rawKey = m[1];
    const quoted = rawKey[0] === '"' || rawKey[0] === "'";
    const keyText = quoted ? rawKey.slice(1, -1) : rawKey.trimEnd();
    const keyEnd = pos + (quoted ? rawKey.length : keyText.length);
    const key = scalar(
      keyText,
      keyText,
      quoted ? rawKey[0] === '"' ? "QUOTE_DOUBLE" : "QUOTE_SINGLE" : "PLAIN",
      pos,
      keyEnd
    );
    if (keyText === "<<") bail();
    const v = pos + m[0].length;
    if (v >= end || this.text[v] === "#") {
      const pair = newPair(key, null);
      map.items.push(pair);
      this.pending = { indent, seqIndent: indent, set: (n) => pair.value = n, at: v };
      return -1;
    }
    if (matchAt(BLOCK_HEADER_RE, this.text, v)) {
      const rest = this.text.slice(v, end);
      if (IMAGE_KEYS.has(keyText)) bail();
      const header = rest.replace(/[ ]+#.*$/, "");
      map.items.push(
        newPair(
          key,
          scalar("", header, header[0] === "|" ? "BLOCK_LITERAL" : "BLOCK_FOLDED", v, end)
        )
      );
      return indent;
    }
    map.items.push(newPair(key, this.reader.block(v, end)));
    return -1;
  }
};

// src/manifests/locate.ts
var yamlLibrary;
function loadYaml() {
  yamlLibrary ??= import("./dist-ZVLUR5C5.js").then((m) => cjsNamespace(m, "parseAllDocuments", "yaml"));
  return yamlLibrary;
}
var POD_SPEC_PATHS = [
  ["spec", "template", "spec"],
  ["spec", "jobTemplate", "spec", "template", "spec"],
  ["template", "spec"]
];
var CONTAINER_LISTS = ["containers", "initContainers", "ephemeralContainers"];
var IGNORE_RE = /#\s*digestpin-ignore:\s*([A-Za-z0-9_,\s-]+)/;
var ODD_BREAK_RE = /\r(?!\n)|[\u0085\u2028\u2029]/;
var BREAK_NAMES = {
  "\r": "a carriage return (CR) without a line feed",
  "\x85": "a NEL (U+0085)",
  "\u2028": "a LINE SEPARATOR (U+2028)",
  "\u2029": "a PARAGRAPH SEPARATOR (U+2029)"
};
function positionOf(text, offset) {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const bom = line === 1 && text.charCodeAt(0) === 65279 ? 1 : 0;
  return { line, column: offset - lineStart + 1 - bom };
}
function refuseOddLineBreaks(path, text) {
  const m = ODD_BREAK_RE.exec(text);
  if (!m) return;
  const { line, column } = positionOf(text, m.index);
  throw new DigestpinError(
    "MALFORMED_YAML",
    `${path}:${line}:${column}: ${BREAK_NAMES[m[0]] ?? "an unusual line break"} is a line break for kubectl and kustomize but not for every YAML reader; refused (nothing was written)`,
    'Use LF (or CRLF) line breaks only: e.g. `sed -i "s/\\r\\?$//"` for stray CRs; replace U+0085, U+2028 and U+2029 with a line feed or a space.'
  );
}
var MAX_DEPTH = 64;
var Locator = class {
  constructor(file, text, lines) {
    this.file = file;
    this.text = text;
    this.lines = lines;
  }
  file;
  text;
  lines;
  images = [];
  seen = /* @__PURE__ */ new Set();
  /** Nodes already walked, so aliases (an alias bomb) cost nothing the second time. */
  walkedObjects = /* @__PURE__ */ new Set();
  walkedHelm = /* @__PURE__ */ new Set();
  /** `# digestpin-ignore` rules by line number, each line scanned once. */
  ignoreByLine = /* @__PURE__ */ new Map();
  /** The nodes written at image fields (an alias there, not its target) and the scalars they read. */
  imageNodes = /* @__PURE__ */ new Set();
  imageScalars = /* @__PURE__ */ new Set();
  /** Container and volume image scalars, and the nodes walked on the way to them (full parser). */
  podImageScalars = /* @__PURE__ */ new Set();
  structural = /* @__PURE__ */ new Set();
  recording = false;
  inHelm = 0;
  doc;
  /** One document's root node; `doc` resolves aliases (the fast path has none). */
  document(contents, doc) {
    if (doc) this.doc = doc;
    this.walkedObjects.clear();
    this.walkedHelm.clear();
    this.recording = doc !== void 0;
    this.object(contents, true, 0);
    this.recording = false;
  }
  /** A Kubernetes object (or a List, a kustomization, a values file). */
  object(node, top, depth) {
    const map = this.deref(node);
    if (!isMap(map) || depth > MAX_DEPTH || this.walkedObjects.has(map)) return;
    this.walkedObjects.add(map);
    const kind = this.str(this.get(map, "kind"));
    if (kind === "List") {
      const items = this.deref(this.get(map, "items"));
      if (isSeq(items)) for (const item of items.items) this.object(item, false, depth + 1);
      return;
    }
    if (kind === "Pod") this.podSpec(this.get(map, "spec"));
    for (const path of POD_SPEC_PATHS) this.podSpec(this.path(map, path));
    const images = this.deref(this.get(map, "images"));
    if (top && isSeq(images) && (kind === "Kustomization" || kind === "Component" || !kind)) {
      for (const entry of images.items) this.kustomizeEntry(entry);
    }
    this.helmMaps(map, 0);
  }
  podSpec(node) {
    const spec = this.deref(node);
    if (!isMap(spec)) return;
    for (const list of CONTAINER_LISTS) {
      const seq = this.deref(this.get(spec, list));
      if (!isSeq(seq)) continue;
      for (const item of seq.items) {
        const container = this.deref(item);
        if (isMap(container)) this.container(container);
      }
    }
    const volumes = this.deref(this.get(spec, "volumes"));
    if (!isSeq(volumes)) return;
    for (const item of volumes.items) {
      const volume = this.deref(item);
      const image = isMap(volume) ? this.deref(this.get(volume, "image")) : void 0;
      if (isMap(image)) this.imageVolume(image);
    }
  }
  imageVolume(map) {
    const span = this.span(this.podImage(this.get(map, "reference")));
    if (!span || !this.once(span.start, 0)) return;
    const field = {
      kind: "volume",
      value: span.value,
      ...this.where(span),
      scalar: span
    };
    const policy = this.span(this.get(map, "pullPolicy"));
    if (policy) field.pullPolicy = { value: policy.value, ...this.pos(policy.start) };
    this.images.push(field);
  }
  container(map) {
    const span = this.span(this.podImage(this.get(map, "image")));
    if (!span || !this.once(span.start, 1)) return;
    const field = {
      kind: "container",
      value: span.value,
      ...this.where(span),
      scalar: span
    };
    const policy = this.span(this.get(map, "imagePullPolicy"));
    if (policy) field.pullPolicy = { value: policy.value, ...this.pos(policy.start) };
    this.images.push(field);
  }
  kustomizeEntry(node) {
    const map = this.deref(node);
    if (!isMap(map)) return;
    const fields = this.fields(map, ["name", "newName", "newTag", "digest"]);
    const name = fields.newName ?? fields.name;
    if (!name || !this.once(name.start, 2)) return;
    const reading = readKustomizeEntry(kustomizeValues(fields));
    const field = {
      kind: "kustomize",
      value: reading.value,
      repository: reading.repository,
      ...this.where(name),
      fields,
      insert: this.insertPoint(map)
    };
    const tag = fields.newTag;
    if (tag?.style === "plain" && plainReadsAsNonString(tag.value))
      field.unquotedTag = { value: tag.value, ...this.pos(tag.start) };
    this.images.push(field);
  }
  /** Helm-style values: any map (at any depth) with `repository` and `tag` scalars. */
  helmMaps(node, depth) {
    this.inHelm++;
    try {
      this.helmMap(node, depth);
    } finally {
      this.inHelm--;
    }
  }
  helmMap(node, depth) {
    const n = this.deref(node);
    if (depth > MAX_DEPTH || (isSeq(n) || isMap(n)) && this.walkedHelm.has(n)) return;
    if (isSeq(n) || isMap(n)) this.walkedHelm.add(n);
    if (isSeq(n)) {
      for (const item of n.items) this.helmMap(item, depth + 1);
      return;
    }
    if (!isMap(n)) return;
    const fields = this.span(this.get(n, "repository"))?.value && this.span(this.get(n, "tag")) ? this.fields(n, ["registry", "repository", "tag", "digest"]) : {};
    if (fields.repository && fields.tag && fields.repository.value && this.once(fields.repository.start, 3)) {
      const reg = fields.registry?.value ? `${fields.registry.value}/` : "";
      const tag = fields.tag.value ? `:${fields.tag.value}` : "";
      const digest = fields.digest?.value ? `@${fields.digest.value}` : "";
      const value = `${reg}${fields.repository.value}${tag}${digest}`;
      this.images.push({ kind: "helm", value, ...this.where(fields.repository), fields });
    }
    for (const pair of n.items) this.helmMap(pair.value, depth + 1);
  }
  fields(map, names) {
    const out = {};
    for (const name of names) {
      const span = this.span(this.imageNode(this.get(map, name)));
      if (span) out[name] = span;
    }
    return out;
  }
  insertPoint(map) {
    const last = map.items[map.items.length - 1];
    const firstKey = map.items[0]?.key;
    const end = last?.value?.range?.[1] ?? last?.key?.range?.[1];
    if (end === void 0 || !firstKey?.range) return void 0;
    if (map.flow)
      return isScalar(firstKey) && firstKey.type === "QUOTE_DOUBLE" ? { offset: end, json: true } : { offset: end };
    const keyStart = firstKey.range[0];
    const lineStart = this.text.lastIndexOf("\n", keyStart - 1) + 1;
    const nl = this.text.indexOf("\n", end);
    let offset = nl === -1 ? this.text.length : nl;
    if (offset > 0 && this.text[offset - 1] === "\r") offset--;
    return { offset, indent: " ".repeat(keyStart - lineStart) };
  }
  /** Notes `node` as written at an image field (anchors.ts checks every other use of it). */
  imageNode(node) {
    if (node === void 0 || node === null || !this.doc) return node;
    this.imageNodes.add(node);
    this.imageScalars.add(this.deref(node));
    return node;
  }
  podImage(node) {
    const raw = this.imageNode(node);
    if (this.doc && raw !== void 0 && raw !== null) this.podImageScalars.add(this.deref(raw));
    return raw;
  }
  /** Whether `node` (a collection) holds a container or volume image, through aliases too. */
  holdsPodImage(node, seen = /* @__PURE__ */ new Set()) {
    const n = this.deref(node);
    if (seen.has(n) || seen.size > 1e5) return false;
    seen.add(n);
    if (isScalar(n)) return this.podImageScalars.has(n);
    if (isSeq(n)) return n.items.some((i) => this.holdsPodImage(i, seen));
    if (isMap(n)) return n.items.some((p) => this.holdsPodImage(p.value, seen));
    return false;
  }
  /**
   * Refuses an anchored image value that is also used (by its anchor or an alias) outside the image
   * fields: pinning rewrites the anchored bytes, so `metadata.name: &n nginx` would be pinned too.
   * Likewise an anchored map or list holding a container image, used once in a pod spec and once
   * elsewhere (`x: &c {name: a, image: app:1}` … `containers: [*c]`).
   */
  checkAnchors(doc, visit) {
    if (this.imageScalars.size === 0) return;
    if (this.podImageScalars.size > 0) this.checkCollectionAnchors(doc, visit);
    const uses = /* @__PURE__ */ new Map();
    visit(doc, (_key, node) => {
      const target = isAlias(node) ? this.deref(node) : node;
      const anchored = isAlias(node) || isScalar(node) && node.anchor;
      if (!anchored || !this.imageScalars.has(target)) return;
      const list = uses.get(target) ?? [];
      list.push(node);
      uses.set(target, list);
    });
    for (const [target, nodes] of uses) {
      const others = nodes.filter((n) => !this.imageNodes.has(n));
      if (others.length === 0) continue;
      const at = (n) => n.range?.[0] ?? 0;
      const image = nodes.find((n) => this.imageNodes.has(n)) ?? target;
      const { line, column } = this.pos(at(image));
      const lines = others.map((n) => `line ${this.pos(at(n)).line}`).join(" and ");
      const scalar2 = target;
      throw new DigestpinError(
        "MALFORMED_YAML",
        `${this.file}:${line}:${column}: the image value ${String(scalar2.value)} (anchor &${scalar2.anchor ?? "?"}) is also used at ${lines}, outside image fields: pinning would rewrite those too; refused (nothing was written)`,
        "Write the image value on its own instead of through an anchor shared with other fields."
      );
    }
  }
  checkCollectionAnchors(doc, visit) {
    const uses = /* @__PURE__ */ new Map();
    visit(doc, (_key, node) => {
      if (!isAlias(node)) return;
      const target = node.resolve(doc);
      if (!(isMap(target) || isSeq(target))) return;
      const list = uses.get(target) ?? [target];
      list.push(node);
      uses.set(target, list);
    });
    const at = (n) => n.range?.[0] ?? 0;
    for (const [target, nodes] of uses) {
      const others = nodes.filter((n) => !this.structural.has(n));
      if (others.length === 0 || !this.holdsPodImage(target)) continue;
      const inside2 = nodes.find((n) => this.structural.has(n)) ?? target;
      const { line, column } = this.pos(at(inside2));
      const lines = others.map((n) => `line ${this.pos(at(n)).line}`).join(" and ");
      const anchor = target.anchor ?? "?";
      throw new DigestpinError(
        "MALFORMED_YAML",
        `${this.file}:${line}:${column}: the anchored ${isMap(target) ? "map" : "list"} &${anchor} holds a container image and is also used at ${lines}, outside pod specs: pinning would rewrite it there too; refused (nothing was written)`,
        "Write the container (or its image) where it is used instead of through an anchor shared with other fields."
      );
    }
  }
  /** Follows aliases (and merge keys for lookups) so a value written once is edited once. */
  deref(node) {
    if (this.recording && this.inHelm === 0 && node !== null && typeof node === "object")
      this.structural.add(node);
    let n = node;
    for (let i = 0; i < 16 && isAlias(n) && this.doc; i++) n = n.resolve(this.doc);
    return n;
  }
  /** `map[key]`, also through merge keys; each merged map is searched once (no merge bombs). */
  get(map, key, seen) {
    seen?.add(map);
    let merge = false;
    let found;
    for (const pair of map.items) {
      const k = isScalar(pair.key) ? pair.key : this.deref(pair.key);
      if (!isScalar(k)) continue;
      if (k.value === key) {
        if (found) throw this.duplicate(key, found, pair);
        found = pair;
      } else if (k.value === "<<") merge = true;
    }
    if (found) return found.value;
    if (!merge) return void 0;
    const searched = seen ?? /* @__PURE__ */ new Set([map]);
    for (const pair of map.items) {
      if (!isScalar(pair.key) || pair.key.value !== "<<") continue;
      const merged = this.deref(pair.value);
      const sources = isSeq(merged) ? merged.items.map((i) => this.deref(i)) : [merged];
      for (const source of sources) {
        if (isMap(source) && !searched.has(source) && searched.size <= MAX_DEPTH * 16) {
          const v = this.get(source, key, searched);
          if (v !== void 0) return v;
        }
      }
    }
    return void 0;
  }
  duplicate(key, first, second) {
    const at = (pair) => pair.key?.range?.[0] ?? 0;
    const { line, column } = this.pos(at(second));
    const other = this.pos(at(first)).line;
    return new DigestpinError(
      "MALFORMED_YAML",
      `${this.file}:${line}:${column}: duplicate key "${key}" (also at line ${other}): kubectl keeps the last value, kustomize refuses the file; refused (nothing was written)`,
      `Remove one of the two "${key}" keys.`
    );
  }
  path(map, keys) {
    let n = map;
    for (const key of keys) {
      n = this.deref(n);
      if (!isMap(n)) return void 0;
      n = this.get(n, key);
    }
    return n;
  }
  str(node) {
    const n = this.deref(node);
    return isScalar(n) && typeof n.value === "string" ? n.value : void 0;
  }
  span(node) {
    const n = this.deref(node);
    if (!isScalar(n) || !n.range || n.value === null) return void 0;
    const scalar2 = n;
    const value = typeof scalar2.source === "string" && scalar2.type === "PLAIN" ? scalar2.source : String(scalar2.value);
    const style = scalar2.type === "QUOTE_SINGLE" ? "single" : scalar2.type === "QUOTE_DOUBLE" ? "double" : scalar2.type === "PLAIN" ? "plain" : "block";
    return { start: n.range[0], end: n.range[1], value, style };
  }
  /** Whether a value at `offset` is met for the first time as a field of `kind` (0–3). */
  once(offset, kind) {
    const key = offset * 4 + kind;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }
  pos(offset) {
    const { line, col } = this.lines.linePos(offset);
    const bom = line === 1 && this.text.charCodeAt(0) === 65279 ? 1 : 0;
    return { line, column: col - bom };
  }
  where(span) {
    const p = this.pos(span.start);
    let ignore = this.ignoreByLine.get(p.line);
    if (!ignore) {
      const starts = this.lines.lineStarts;
      const lineText = this.text.slice(starts[p.line - 1] ?? 0, starts[p.line] ?? this.text.length);
      const m = IGNORE_RE.exec(lineText);
      ignore = m?.[1] ? m[1].split(/[\s,]+/).filter(Boolean) : [];
      this.ignoreByLine.set(p.line, ignore);
    }
    return { ...p, ignore: [...ignore] };
  }
};
async function fullParse(path, text, lines, locator) {
  const { parseAllDocuments, visit } = await loadYaml();
  const docs = parseAllDocuments(text, {
    keepSourceTokens: true,
    lineCounter: lines,
    uniqueKeys: false
  });
  const list = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    const err = doc.errors[0];
    if (err) {
      const { line, col } = lines.linePos(err.pos[0]);
      const deep = err.message.includes("Maximum call stack size exceeded");
      const what = deep ? "nested too deeply to parse (hundreds of levels of [, { or -); refused" : err.message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "") ?? err.code;
      throw new DigestpinError(
        "MALFORMED_YAML",
        `${path}:${line}:${col}: ${what}`,
        deep ? "Real manifests nest a few dozen levels at most: check where this file comes from (nothing was written)." : "Fix the YAML syntax (nothing was written)."
      );
    }
  }
  for (const doc of list) {
    locator.document(doc.contents, doc);
    locator.checkAnchors(doc, visit);
  }
}
async function locateImages(path, text, opts = {}) {
  checkManifestSize(path, text);
  refuseOddLineBreaks(path, text);
  const template = text.includes("{{");
  if (!opts.full) {
    const lines2 = new LineCounter();
    const locator2 = new Locator(path, text, lines2);
    if (fastParseEach(text, lines2, (root) => locator2.document(root)))
      return { path, text, images: locator2.images, template };
  }
  const lines = new LineCounter();
  const locator = new Locator(path, text, lines);
  await fullParse(path, text, lines, locator);
  return { path, text, images: locator.images, template };
}

export {
  kustomizeSplit,
  splitImage,
  formatScalar,
  planEdits,
  applyEdits,
  findManifestFiles,
  confinePaths,
  readManifest,
  readManifestsInBatches,
  locateImages
};
//# sourceMappingURL=chunk-SN5XHIYK.js.map
