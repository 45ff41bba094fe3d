import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  runVerify
} from "./chunk-7T2JPJVY.js";
import "./chunk-5FWA6MHO.js";
import "./chunk-X5GCCGS7.js";
import "./chunk-256RKVCH.js";
import "./chunk-OMVSYKBA.js";
import {
  runPush,
  silentLogger
} from "./chunk-THH2EGMR.js";
import "./chunk-3MUJSREC.js";
import {
  writeAuthFile
} from "./chunk-OYHNRYO7.js";
import "./chunk-BRKU2IVU.js";
import "./chunk-SHUUAOWG.js";
import "./chunk-LDYPEOT2.js";
import {
  runCheck
} from "./chunk-6MXQUGZU.js";
import "./chunk-AOQNKHCZ.js";
import "./chunk-RQOHCX4T.js";
import "./chunk-SN5XHIYK.js";
import "./chunk-KK367FDL.js";
import "./chunk-RWNZ2W57.js";
import "./chunk-7IGXQR4H.js";
import "./chunk-ANCL6P4L.js";
import {
  OCI_INDEX,
  OCI_MANIFEST
} from "./chunk-TSB7FB7W.js";
import "./chunk-JDUHXU5K.js";
import "./chunk-QGWW4B2G.js";
import "./chunk-A5WBNSYW.js";
import "./chunk-PQKOWIM7.js";
import "./chunk-5CTG7JZF.js";
import {
  DigestpinError
} from "./chunk-KJLBA246.js";
import "./chunk-TDRKEOBG.js";

// src/commands/demo.ts
import { mkdir as mkdir2, mkdtemp as mkdtemp2, readFile as readFile3, rm as rm2, writeFile as writeFile3 } from "node:fs/promises";
import { tmpdir as tmpdir2 } from "node:os";
import path3 from "node:path";

// src/demo/image.ts
import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
var OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
var OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
var REF_NAME = "org.opencontainers.image.ref.name";
var CHUNK = 1 << 20;
var sha256 = (data) => "sha256:" + createHash("sha256").update(data).digest("hex");
function tarHeader(name, size) {
  const header = Buffer.alloc(512);
  const put = (value, offset, length) => {
    header.write(value, offset, length, "utf8");
  };
  const octal = (n, length) => n.toString(8).padStart(length - 1, "0");
  put(name, 0, 100);
  put(octal(420, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(0, 12), 136, 12);
  put("        ", 148, 8);
  put("0", 156, 1);
  put("ustar\x0000", 257, 8);
  let sum = 0;
  for (const byte of header) sum += byte;
  put(sum.toString(8).padStart(6, "0") + "\0 ", 148, 8);
  return header;
}
function* tarStream(name, size, key) {
  yield tarHeader(name, size);
  const cipher = createCipheriv("aes-256-ctr", key, Buffer.alloc(16));
  const zeros = Buffer.alloc(CHUNK);
  for (let left = size; left > 0; left -= CHUNK) {
    yield cipher.update(left >= CHUNK ? zeros : zeros.subarray(0, left));
  }
  const padding = (512 - size % 512) % 512;
  yield Buffer.alloc(padding + 1024);
}
function tap(hash, counter) {
  return new Transform({
    transform(chunk, _encoding, callback) {
      hash.update(chunk);
      if (counter) counter.bytes += chunk.length;
      callback(null, chunk);
    }
  });
}
async function writeBlob(blobsDir, data) {
  const digest = sha256(data);
  await writeFile(path.join(blobsDir, digest.slice("sha256:".length)), data);
  return { mediaType: "", digest, size: Buffer.byteLength(data) };
}
async function writeLayer(blobsDir, spec, defaultSeed, level) {
  const key = spec.random ? randomBytes(32) : createHash("sha256").update(`digestpin-layer:${spec.seed ?? defaultSeed}`).digest();
  const diff = createHash("sha256");
  const blob = createHash("sha256");
  const counter = { bytes: 0 };
  const tmp = path.join(blobsDir, `.tmp-${randomBytes(8).toString("hex")}`);
  const name = `data/${key.toString("hex").slice(0, 16)}.bin`;
  await pipeline(
    tarStream(name, spec.size, key),
    tap(diff),
    createGzip({ level }),
    tap(blob, counter),
    createWriteStream(tmp)
  );
  const digest = "sha256:" + blob.digest("hex");
  await rename(tmp, path.join(blobsDir, digest.slice("sha256:".length)));
  return {
    mediaType: OCI_LAYER_GZIP,
    digest,
    size: counter.bytes,
    diffId: "sha256:" + diff.digest("hex")
  };
}
function parsePlatform(platform) {
  const [os, architecture, variant] = platform.split("/");
  if (!os || !architecture) throw new Error(`platform ${platform}: expected os/arch[/variant]`);
  return variant ? { os, architecture, variant } : { os, architecture };
}
async function writeImage(blobsDir, options, platform, result) {
  const { os, architecture, variant } = parsePlatform(platform || "linux/amd64");
  const layers = [];
  const specs = options.layers ?? [{ size: 1024 }];
  for (const [i, spec] of specs.entries()) {
    const seed = `${options.tag ?? "latest"}/${platform}/${i}`;
    layers.push(await writeLayer(blobsDir, spec, seed, options.gzipLevel ?? 0));
  }
  result.layers.push(...layers);
  const config = {
    created: "1970-01-01T00:00:00Z",
    architecture,
    os,
    ...variant ? { variant } : {},
    config: { Labels: options.labels ?? {}, Cmd: ["/bin/true"] },
    rootfs: { type: "layers", diff_ids: layers.map((l) => l.diffId) },
    history: layers.map(() => ({ created: "1970-01-01T00:00:00Z", created_by: "digestpin test" }))
  };
  const configDesc = {
    ...await writeBlob(blobsDir, JSON.stringify(config)),
    mediaType: OCI_CONFIG
  };
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: configDesc,
    layers: layers.map(({ mediaType, digest, size }) => ({ mediaType, digest, size }))
  };
  const desc = {
    ...await writeBlob(blobsDir, JSON.stringify(manifest)),
    mediaType: OCI_MANIFEST
  };
  result.configDigests.set(platform, configDesc.digest);
  result.manifestDigests.set(platform, desc.digest);
  return desc;
}
async function readLayoutIndex(dir) {
  try {
    return JSON.parse(await readFile(path.join(dir, "index.json"), "utf8"));
  } catch {
    return { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] };
  }
}
async function writeOciImage(dir, options = {}) {
  const tag = options.tag ?? "latest";
  const blobsDir = path.join(dir, "blobs", "sha256");
  await mkdir(blobsDir, { recursive: true });
  const result = {
    dir,
    tag,
    ref: `oci:${dir}:${tag}`,
    manifestDigest: "",
    manifestDigests: /* @__PURE__ */ new Map(),
    configDigests: /* @__PURE__ */ new Map(),
    layers: []
  };
  let top;
  if (options.platforms && options.platforms.length > 0) {
    const manifests = [];
    for (const platform of options.platforms) {
      const desc = await writeImage(blobsDir, { ...options, tag }, platform, result);
      manifests.push({ ...desc, platform: parsePlatform(platform) });
    }
    const index = { schemaVersion: 2, mediaType: OCI_INDEX, manifests };
    top = { ...await writeBlob(blobsDir, JSON.stringify(index)), mediaType: OCI_INDEX };
    result.indexDigest = top.digest;
  } else {
    top = await writeImage(blobsDir, { ...options, tag }, "", result);
  }
  result.manifestDigest = top.digest;
  const layout = await readLayoutIndex(dir);
  layout.manifests = layout.manifests.filter((m) => m.annotations?.[REF_NAME] !== tag);
  layout.manifests.push({ ...top, annotations: { [REF_NAME]: tag } });
  await writeFile(path.join(dir, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  await writeFile(path.join(dir, "index.json"), JSON.stringify(layout));
  return result;
}

// src/demo/registry.ts
import { spawn, execFileSync } from "node:child_process";
import { randomBytes as randomBytes2 } from "node:crypto";
import { existsSync, openSync, closeSync, readFileSync, rmSync } from "node:fs";
import { mkdtemp, readdir, readFile as readFile2, rm, writeFile as writeFile2 } from "node:fs/promises";
import { request as httpsRequest } from "node:https";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path2 from "node:path";
var live = /* @__PURE__ */ new Map();
var exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const [child, dir] of live) {
      try {
        child.kill("SIGKILL");
        rmSync(dir, { recursive: true, force: true });
      } catch {
      }
    }
  });
}
var DIR_PREFIX = "digestpin-registry-";
function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}
async function sweepStaleDirs() {
  const entries = await readdir(tmpdir()).catch(() => []);
  for (const name of entries.filter((n) => n.startsWith(DIR_PREFIX))) {
    const dir = path2.join(tmpdir(), name);
    const owner = Number(await readFile2(path2.join(dir, "owner.pid"), "utf8").catch(() => ""));
    if (Number.isInteger(owner) && owner > 0 && !pidAlive(owner)) {
      await rm(dir, { recursive: true, force: true }).catch(() => void 0);
    }
  }
}
var hasSetpriv = (() => {
  try {
    execFileSync("setpriv", ["--help"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
function tail(file, lines = 30) {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}
function configYaml(dir, port, htpasswdPath, tls) {
  const lines = [
    "version: 0.1",
    "log:",
    "  level: info",
    "  formatter: text",
    "storage:",
    "  filesystem:",
    `    rootdirectory: ${JSON.stringify(path2.join(dir, "storage"))}`,
    "  delete:",
    "    enabled: true",
    "  maintenance:",
    "    uploadpurging:",
    "      enabled: false",
    "http:",
    `  addr: 127.0.0.1:${port}`,
    `  secret: ${randomBytes2(16).toString("hex")}`
  ];
  if (tls)
    lines.push(
      "  tls:",
      `    certificate: ${JSON.stringify(tls.certificate)}`,
      `    key: ${JSON.stringify(tls.key)}`
    );
  if (htpasswdPath) {
    lines.push(
      "auth:",
      "  htpasswd:",
      "    realm: digestpin-test",
      `    path: ${JSON.stringify(htpasswdPath)}`
    );
  }
  return lines.join("\n") + "\n";
}
async function ping(url) {
  if (url.startsWith("https:")) return pingTls(url);
  try {
    const res = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1e3) });
    await res.arrayBuffer();
    return res.status === 200 || res.status === 401;
  } catch {
    return false;
  }
}
function pingTls(url) {
  return new Promise((resolve) => {
    const req = httpsRequest(`${url}/v2/`, { rejectUnauthorized: false, timeout: 1e3 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 || res.statusCode === 401);
    });
    req.on("error", () => resolve(false));
    req.on("timeout", () => req.destroy());
    req.end();
  });
}
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
async function launch(dir, configPath, logFile, url, timeoutMs) {
  const fd = openSync(logFile, "a");
  const argv = ["docker-registry", "serve", configPath];
  const [cmd, ...args] = hasSetpriv ? ["setpriv", "--pdeathsig", "KILL", ...argv] : argv;
  const child = spawn(cmd, args, { stdio: ["ignore", fd, fd] });
  closeSync(fd);
  child.unref();
  live.set(child, dir);
  let exited = false;
  child.once("exit", () => {
    exited = true;
    live.delete(child);
  });
  child.once("error", () => {
    exited = true;
    live.delete(child);
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !exited) {
    if (await ping(url)) return { child, ok: true, addrInUse: false };
    await sleep(40);
  }
  const log = tail(logFile, 200);
  return { child, ok: false, addrInUse: /address already in use/i.test(log) };
}
async function kill(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3e3);
  await exited;
  clearTimeout(timer);
  live.delete(child);
}
function htpasswdLine(auth) {
  return execFileSync("htpasswd", ["-niB", auth.username], { input: auth.password }).toString().trim();
}
async function startRegistry(options = {}) {
  installExitHook();
  await sweepStaleDirs();
  const dir = await mkdtemp(path2.join(tmpdir(), DIR_PREFIX));
  await writeFile2(path2.join(dir, "owner.pid"), String(process.pid));
  const storageDir = path2.join(dir, "storage");
  const logFile = path2.join(dir, "registry.log");
  const configPath = path2.join(dir, "config.yml");
  let htpasswdPath;
  if (options.auth) {
    htpasswdPath = path2.join(dir, "htpasswd");
    await writeFile2(htpasswdPath, htpasswdLine(options.auth) + "\n", { mode: 384 });
  }
  const timeoutMs = options.startTimeoutMs ?? 15e3;
  for (let attempt = 1; ; attempt++) {
    const port = attempt === 1 && options.port ? options.port : await freePort();
    const url = `${options.tls ? "https" : "http"}://127.0.0.1:${port}`;
    await writeFile2(configPath, configYaml(dir, port, htpasswdPath, options.tls));
    const started = await launch(dir, configPath, logFile, url, timeoutMs);
    if (!started.ok) {
      await kill(started.child);
      if (started.addrInUse && attempt < 5) continue;
      const log = tail(logFile);
      rmSync(dir, { recursive: true, force: true });
      throw new Error(
        `docker-registry did not answer GET ${url}/v2/ within ${timeoutMs} ms (attempt ${attempt}); log tail:
${log}`
      );
    }
    const child = started.child;
    let stopping;
    const registry = {
      host: `127.0.0.1:${port}`,
      url,
      port,
      dir,
      storageDir,
      logFile,
      pid: child.pid,
      stop() {
        stopping ??= kill(child).finally(() => {
          if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
        });
        return stopping;
      }
    };
    if (options.auth) {
      registry.auth = options.auth;
      registry.authorization = "Basic " + Buffer.from(`${options.auth.username}:${options.auth.password}`).toString("base64");
    }
    return registry;
  }
}

// src/commands/demo.ts
var DEMO_USER = { username: "demo", password: "demo-password" };
function manifestText(host) {
  return `# A deployment as a team would write it: a floating tag, a retired registry.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  replicas: 2
  selector:
    matchLabels: {app: demo}
  template:
    metadata:
      labels: {app: demo}
    spec:
      containers:
        - name: app
          image: "${host}/demo/app:latest" # rewritten by digestpin push
          ports:
            - containerPort: 8080
        - name: metrics
          image: k8s.gcr.io/pause:3.9   # digestpin check flags this registry
`;
}
async function runDemo(opts, ctx) {
  const folder = await mkdtemp2(path3.join(tmpdir2(), "digestpin-demo-"));
  const say = (m) => ctx.logger.info(m);
  const steps = [];
  const record = (step, ok, detail) => {
    steps.push({ step, ok, detail });
    say(`${ok ? "\u2713" : "\u2717"} ${step}: ${detail}`);
  };
  const quiet = { ...ctx, logger: silentLogger };
  say(`digestpin demo in ${folder}`);
  const registry = await startRegistry({ auth: DEMO_USER });
  try {
    record("registry", true, `docker-registry on ${registry.url} with htpasswd auth`);
    const authfile = await writeAuthFile(folder, { host: registry.host, ...DEMO_USER });
    const image = await writeOciImage(path3.join(folder, "image"), {
      layers: [{ size: 1 << 20, random: true }],
      tag: "dev",
      labels: { "org.opencontainers.image.title": "digestpin demo" }
    });
    record("build", true, `OCI layout ${image.ref} (1 MiB layer, written in-process)`);
    const k8s = path3.join(folder, "k8s");
    await mkdir2(k8s);
    const manifest = path3.join(k8s, "deployment.yaml");
    await writeFile3(manifest, manifestText(registry.host));
    const before = await runCheck(
      { paths: [k8s], fix: false, dryRun: false, ignore: [], format: "text" },
      { ...quiet, cwd: folder }
    );
    const rules = [...new Set(before.json.findings.map((f) => f.rule))].join(", ");
    record("check (before)", before.exitCode === 7, `exit ${before.exitCode}: ${rules}`);
    const pushOpts = {
      source: image.ref,
      repository: `${registry.host}/demo/app`,
      tag: `demo-{date}{time}`,
      format: "v2s2",
      all: false,
      manifests: [k8s],
      authfile,
      insecure: false,
      dryRun: false,
      ecr: false,
      ensureImmutable: false,
      createRepository: false
    };
    const pushed = (await runPush(pushOpts, { ...quiet, cwd: folder })).json;
    record("push", pushed.pushed, `${pushed.ref} (v2s2), pinned ${pushed.files.length} file`);
    const again = (await runPush({ ...pushOpts, tag: pushed.tag }, { ...quiet, cwd: folder })).json;
    record(
      "re-run",
      !again.pushed && again.digest === pushed.digest,
      `same image, tag ${again.tag} already holds it: pushed=${again.pushed}, nothing uploaded`
    );
    const other = await writeOciImage(path3.join(folder, "other"), {
      layers: [{ size: 1 << 16, random: true }],
      tag: "dev"
    });
    try {
      await runPush(
        { ...pushOpts, source: other.ref, tag: pushed.tag, manifests: [] },
        { ...quiet, cwd: folder }
      );
      record("overwrite refused", false, "a different image was pushed onto the tag");
    } catch (err) {
      const refused = err instanceof DigestpinError && err.code === "TAG_EXISTS";
      if (!refused) throw err;
      record("overwrite refused", true, `different image onto ${pushed.tag}: exit ${err.exitCode}`);
    }
    const verified = await runVerify(
      {
        paths: [k8s],
        format: "text",
        tagConsistency: true,
        authfile,
        insecure: false,
        concurrency: 8
      },
      { ...quiet, cwd: folder }
    );
    const ok = verified.json.images.filter((i) => i.status === "ok").length;
    record("verify", verified.exitCode === 0, `${ok} pinned image(s) present in the registry`);
    const after = await runCheck(
      { paths: [k8s], fix: false, dryRun: false, ignore: [], format: "text" },
      { ...quiet, cwd: folder }
    );
    const left = [...new Set(after.json.findings.map((f) => f.rule))].join(", ") || "none";
    record("check (after)", true, `remaining: ${left} (fix with: digestpin check --fix k8s/)`);
    const text = await readFile3(manifest, "utf8");
    const failed = steps.filter((s) => !s.ok);
    const result = {
      registry: registry.host,
      ref: pushed.ref,
      steps,
      manifest: text,
      ...opts.keep && { folder }
    };
    return {
      json: result,
      text: [
        `k8s/deployment.yaml after digestpin push:`,
        "",
        text,
        failed.length ? `demo: ${failed.length} step(s) did not behave as expected` : `demo: all ${steps.length} steps as expected${opts.keep ? ` (kept ${folder})` : ""}`
      ].join("\n"),
      exitCode: failed.length ? 1 : 0
    };
  } finally {
    await registry.stop();
    if (!opts.keep) await rm2(folder, { recursive: true, force: true });
  }
}
export {
  runDemo
};
//# sourceMappingURL=demo-4PHOQGMU.js.map
