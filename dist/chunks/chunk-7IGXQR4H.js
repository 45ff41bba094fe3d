import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);

// src/process.ts
var live = /* @__PURE__ */ new Set();
var killEpoch = 0;
var exitHookInstalled = false;
var execaModule;
function preloadProcessRunner() {
  execaModule ??= import("./execa-TTSRXPBZ.js");
  return execaModule;
}
function killLiveChildren() {
  killEpoch++;
  for (const child of live) child.kill("SIGTERM");
  live.clear();
}
async function stopLiveChildren(graceMs) {
  const children = [...live];
  killLiveChildren();
  if (children.length === 0) return;
  let timer;
  const ended = Promise.all(children.map((c) => Promise.resolve(c).catch(() => void 0)));
  const late = new Promise(
    (resolve) => timer = setTimeout(() => resolve("late"), graceMs)
  );
  if (await Promise.race([ended, late]) === "late") for (const c of children) c.kill("SIGKILL");
  clearTimeout(timer);
}
async function runProcess(file, args, o) {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", killLiveChildren);
  }
  const epoch = killEpoch;
  const { execa } = await preloadProcessRunner();
  const child = execa(file, args, {
    env: o.env,
    extendEnv: false,
    stdin: "ignore",
    encoding: "buffer",
    reject: false,
    timeout: o.timeoutMs,
    forceKillAfterDelay: o.forceKillAfterMs ?? false,
    ...o.signal ? { cancelSignal: o.signal } : {}
  });
  live.add(child);
  if (epoch !== killEpoch) child.kill("SIGTERM");
  o.onSpawn?.();
  const r = await child;
  live.delete(child);
  const command = [file, ...args].join(" ");
  const spawnFailed = r.failed && r.exitCode === void 0 && !r.signal;
  const code = r.code;
  return {
    ...r.exitCode !== void 0 && !spawnFailed ? { exitCode: r.exitCode } : {},
    stdout: Buffer.from(r.stdout ?? new Uint8Array()),
    stderr: Buffer.from(r.stderr ?? new Uint8Array()),
    timedOut: r.timedOut,
    isCanceled: r.isCanceled,
    message: spawnFailed ? `${r.originalMessage ?? r.shortMessage ?? "spawn failed"}: ${command}` : r.signal ? `Command was killed with ${r.signal}: ${command}` : `Command failed with exit code ${String(r.exitCode)}: ${command}`,
    ...spawnFailed && typeof code === "string" ? { errorCode: code } : {}
  };
}

export {
  preloadProcessRunner,
  stopLiveChildren,
  runProcess
};
//# sourceMappingURL=chunk-7IGXQR4H.js.map
