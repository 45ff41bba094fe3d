import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  cjsNamespace
} from "./chunk-KK367FDL.js";
import {
  DigestpinError
} from "./chunk-3WEU2BZR.js";

// src/manifests/find.ts
import { lstat, readdir, realpath, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
var SKIP_DIRS = /* @__PURE__ */ new Set([".git", "node_modules"]);
var YAML_RE = /\.ya?ml$/i;
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
  return rel === "" || !rel.startsWith("..") && !isAbsolute(rel);
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
          "Remove the symlink or pass its target as a path of its own."
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
async function expandGlob(pattern, cwd) {
  const abs = toPosix(resolve(cwd, pattern));
  const parts = abs.split("/");
  const firstGlob = parts.findIndex((p) => GLOB_CHARS.test(p));
  const base = parts.slice(0, firstGlob).join("/") || "/";
  const re = globToRegExp(abs);
  const files = [];
  const exists = await stat(base).catch(() => void 0);
  if (!exists?.isDirectory()) return [];
  await walk(base, await realpath(base), files, /* @__PURE__ */ new Set());
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
    const target = info.isSymbolicLink() ? await stat(abs) : info;
    if (target.isDirectory()) {
      const files = [];
      await walk(abs, await realpath(abs), files, /* @__PURE__ */ new Set());
      for (const f of files) found.add(f);
    } else found.add(abs);
  }
  return [...found].sort();
}

// src/manifests/limits.ts
import { open } from "node:fs/promises";
var MAX_MANIFEST_BYTES = 8 * 1024 * 1024;
function tooLarge(shown, bytes) {
  const mib = (bytes / 1024 / 1024).toFixed(1);
  return new DigestpinError(
    "INVALID_INPUT",
    `${shown}: file is ${mib} MiB, over the ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB limit for a manifest; nothing was read or written`,
    "Split the file, or pass only the folders that hold your manifests (generated or vendored files this large are refused as a protection against hostile input)."
  );
}
function checkManifestSize(shown, text) {
  if (text.length > MAX_MANIFEST_BYTES) throw tooLarge(shown, Buffer.byteLength(text, "utf8"));
}
async function readManifest(file, shown = file) {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    if (size > MAX_MANIFEST_BYTES) throw tooLarge(shown, size);
    return await handle.readFile("utf8");
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
var MAX_DEPTH = 64;
var Locator = class {
  constructor(text, lines) {
    this.text = text;
    this.lines = lines;
  }
  text;
  lines;
  images = [];
  seen = /* @__PURE__ */ new Set();
  /** Nodes already walked, so aliases (an alias bomb) cost nothing the second time. */
  walkedObjects = /* @__PURE__ */ new Set();
  walkedHelm = /* @__PURE__ */ new Set();
  /** `# digestpin-ignore` rules by line number, each line scanned once. */
  ignoreByLine = /* @__PURE__ */ new Map();
  doc;
  /** One document's root node; `doc` resolves aliases (the fast path has none). */
  document(contents, doc) {
    if (doc) this.doc = doc;
    this.walkedObjects.clear();
    this.walkedHelm.clear();
    this.object(contents, true, 0);
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
  }
  container(map) {
    const span = this.span(this.get(map, "image"));
    if (!span || this.once(`c${span.start}`) === false) return;
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
    if (!name || !this.once(`k${name.start}`)) return;
    const value = name.value + (fields.newTag ? `:${fields.newTag.value}` : "") + (fields.digest ? `@${fields.digest.value}` : "");
    this.images.push({
      kind: "kustomize",
      value,
      ...this.where(name),
      fields,
      insert: this.insertPoint(map)
    });
  }
  /** Helm-style values: any map (at any depth) with `repository` and `tag` scalars. */
  helmMaps(node, depth) {
    const n = this.deref(node);
    if (depth > MAX_DEPTH || (isSeq(n) || isMap(n)) && this.walkedHelm.has(n)) return;
    if (isSeq(n) || isMap(n)) this.walkedHelm.add(n);
    if (isSeq(n)) {
      for (const item of n.items) this.helmMaps(item, depth + 1);
      return;
    }
    if (!isMap(n)) return;
    const fields = this.span(this.get(n, "repository"))?.value && this.span(this.get(n, "tag")) ? this.fields(n, ["registry", "repository", "tag", "digest"]) : {};
    if (fields.repository && fields.tag && fields.repository.value && this.once(`h${fields.repository.start}`)) {
      const reg = fields.registry?.value ? `${fields.registry.value}/` : "";
      const tag = fields.tag.value ? `:${fields.tag.value}` : "";
      const digest = fields.digest?.value ? `@${fields.digest.value}` : "";
      const value = `${reg}${fields.repository.value}${tag}${digest}`;
      this.images.push({ kind: "helm", value, ...this.where(fields.repository), fields });
    }
    for (const pair of n.items) this.helmMaps(pair.value, depth + 1);
  }
  fields(map, names) {
    const out = {};
    for (const name of names) {
      const span = this.span(this.get(map, name));
      if (span) out[name] = span;
    }
    return out;
  }
  insertPoint(map) {
    const last = map.items[map.items.length - 1];
    const firstKey = map.items[0]?.key;
    const end = last?.value?.range?.[1] ?? last?.key?.range?.[1];
    if (end === void 0 || !firstKey?.range) return void 0;
    if (map.flow) return { offset: end };
    const keyStart = firstKey.range[0];
    const lineStart = this.text.lastIndexOf("\n", keyStart - 1) + 1;
    const nl = this.text.indexOf("\n", end);
    let offset = nl === -1 ? this.text.length : nl;
    if (offset > 0 && this.text[offset - 1] === "\r") offset--;
    return { offset, indent: " ".repeat(keyStart - lineStart) };
  }
  /** Follows aliases (and merge keys for lookups) so a value written once is edited once. */
  deref(node) {
    let n = node;
    for (let i = 0; i < 16 && isAlias(n) && this.doc; i++) n = n.resolve(this.doc);
    return n;
  }
  /** `map[key]`, also through merge keys; each merged map is searched once (no merge bombs). */
  get(map, key, seen) {
    seen?.add(map);
    let merge = false;
    for (const pair of map.items) {
      if (!isScalar(pair.key)) continue;
      if (pair.key.value === key) return pair.value;
      if (pair.key.value === "<<") merge = true;
    }
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
  once(key) {
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
  const { parseAllDocuments } = await loadYaml();
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
  for (const doc of list) locator.document(doc.contents, doc);
}
async function locateImages(path, text, opts = {}) {
  checkManifestSize(path, text);
  const template = text.includes("{{");
  if (!opts.full) {
    const lines2 = new LineCounter();
    const locator2 = new Locator(text, lines2);
    if (fastParseEach(text, lines2, (root) => locator2.document(root)))
      return { path, text, images: locator2.images, template };
  }
  const lines = new LineCounter();
  const locator = new Locator(text, lines);
  await fullParse(path, text, lines, locator);
  return { path, text, images: locator.images, template };
}

export {
  findManifestFiles,
  readManifestsInBatches,
  locateImages
};
//# sourceMappingURL=chunk-2QIXPXAN.js.map
