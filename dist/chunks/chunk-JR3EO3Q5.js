import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  stopLiveChildren
} from "./chunk-7IGXQR4H.js";
import {
  neutralizeCommands
} from "./chunk-JDUHXU5K.js";
import {
  DigestpinError
} from "./chunk-KJLBA246.js";

// src/interrupt.ts
import os from "node:os";
var INTERRUPT_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"];
function interruptExitCode(signal) {
  return 128 + os.constants.signals[signal];
}
function interruptedError(signal) {
  return new DigestpinError(
    "INTERRUPTED",
    `interrupted by ${signal}: the run was stopped (skopeo stopped, temporary files removed)`,
    "Nothing was pinned. A push may have uploaded blobs but no tag; run it again: an image already under the tag is reported, not pushed twice."
  );
}
var interrupted = false;
function isInterrupted() {
  return interrupted;
}
function written(stream) {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) resolve();
    else stream.write("", () => resolve());
  });
}
async function exitWhenWritten(code) {
  await Promise.all([written(process.stdout), written(process.stderr)]);
  if (code === void 0) process.exit();
  process.exit(code);
}
var STOP_GRACE_MS = 3e3;
var reporter;
function onInterrupt(report) {
  const first = reporter === void 0;
  reporter = report;
  if (!first) return;
  let stopping = false;
  const handle = (signal) => {
    const code = interruptExitCode(signal);
    if (stopping) process.exit(code);
    stopping = true;
    interrupted = true;
    stopLiveChildren(STOP_GRACE_MS).catch(() => void 0).then(() => reporter?.(signal, interruptedError(signal))).catch(() => void 0).finally(() => exitWhenWritten(code));
  };
  for (const signal of INTERRUPT_SIGNALS) process.on(signal, handle);
}

// src/report/terminal.ts
var CONTROL = /[\0-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g;
var NAMED = { "\r": "\\r", "\v": "\\v", "\f": "\\f", "\b": "\\b" };
function escapeOne(c) {
  const named = NAMED[c];
  if (named) return named;
  const n = c.charCodeAt(0);
  return n <= 255 ? `\\x${n.toString(16).padStart(2, "0")}` : `\\u${n.toString(16).padStart(4, "0")}`;
}
function escapeControls(text) {
  return text.replace(CONTROL, escapeOne);
}
function safeJson(json) {
  return json.replace(
    /[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`
  ).replace(/##\[/g, "##\\u005b");
}
function safeText(text) {
  return neutralizeCommands(escapeControls(text));
}

export {
  isInterrupted,
  exitWhenWritten,
  onInterrupt,
  escapeControls,
  safeJson,
  safeText
};
//# sourceMappingURL=chunk-JR3EO3Q5.js.map
