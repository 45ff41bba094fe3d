import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  DigestpinError
} from "./chunk-KJLBA246.js";

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

// src/manifests/write.ts
import { randomBytes } from "node:crypto";
import { open, readdir, readFile, realpath, rename, stat, unlink } from "node:fs/promises";
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
function refuse(message, hint) {
  throw new DigestpinError("INVALID_INPUT", `${message}; nothing was written`, hint);
}
async function targetOf(f) {
  const target = await realpath(f.path);
  const info = await stat(target);
  if (!info.isFile()) refuse(`${f.path}: not a regular file`, "Pass regular manifest files only.");
  if (info.nlink > 1) {
    refuse(
      `${f.path}: has ${info.nlink} hard links, which a new file renamed over it would leave with the old text`,
      "digestpin replaces files atomically and does not write in place: make this name a copy of its own (cp --remove-destination) or a symlink, then run again."
    );
  }
  return { target, info };
}
async function writeTemp(target, info, shown, text) {
  const tmp = tempName(target);
  const handle = await open(tmp, "wx", info.mode & 4095);
  try {
    await handle.writeFile(text, "utf8");
    const mine = await handle.stat();
    if (mine.uid !== info.uid || mine.gid !== info.gid) {
      await handle.chown(info.uid, info.gid).catch(
        () => refuse(
          `${shown}: owned by uid ${info.uid}, gid ${info.gid}, which digestpin (uid ${mine.uid}) cannot give its new text, so replacing it would change its owner`,
          "Run digestpin as the owner of the file (or as root), or give the file to the user that runs digestpin."
        )
      );
    }
    await handle.chmod(info.mode & 4095);
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => void 0);
    await unlink(tmp).catch(() => void 0);
    throw err;
  }
  await handle.close();
  return tmp;
}
async function assertUnchanged(f, target) {
  const now = await readFile(target).catch(() => void 0);
  if (now?.equals(Buffer.from(f.before, "utf8"))) return;
  refuse(
    `${f.path}: changed since digestpin read it (another process wrote it meanwhile)`,
    "Run again once the other writer is done; its changes were kept."
  );
}
async function writeAllAtomically(files) {
  const temps = [];
  try {
    const targets = [];
    for (const f of files) targets.push(await targetOf(f));
    for (const dir of new Set(targets.map((t) => dirname(t.target)))) await sweepLeftovers(dir);
    for (const [i, f] of files.entries()) {
      const { target, info } = targets[i] ?? await targetOf(f);
      temps.push({ tmp: await writeTemp(target, info, f.path, f.text), target });
    }
    for (const [i, f] of files.entries()) await assertUnchanged(f, temps[i]?.target ?? f.path);
  } catch (err) {
    await Promise.all(temps.map((t) => unlink(t.tmp).catch(() => void 0)));
    if (err instanceof DigestpinError) throw err;
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
  writeAllAtomically
};
//# sourceMappingURL=chunk-RQOHCX4T.js.map
