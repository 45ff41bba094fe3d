import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : typeof Proxy !== "undefined" ? new Proxy(x, {
  get: (a, b) => (typeof require !== "undefined" ? require : a)[b]
}) : x)(function(x) {
  if (typeof require !== "undefined") return require.apply(this, arguments);
  throw Error('Dynamic require of "' + x + '" is not supported');
});
var __commonJS = (cb, mod) => function __require2() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// src/errors.ts
var ExitCode = {
  OK: 0,
  INTERNAL: 1,
  USAGE: 2,
  TAG_EXISTS: 3,
  AUTH: 4,
  UNREACHABLE: 5,
  NOT_FOUND: 6,
  CHECK_FAILED: 7
};
var errorCodes = {
  INTERNAL: ExitCode.INTERNAL,
  NOT_IMPLEMENTED: ExitCode.INTERNAL,
  USAGE: ExitCode.USAGE,
  INVALID_REFERENCE: ExitCode.USAGE,
  INVALID_TAG: ExitCode.USAGE,
  INVALID_TEMPLATE: ExitCode.USAGE,
  INVALID_INPUT: ExitCode.USAGE,
  MALFORMED_YAML: ExitCode.USAGE,
  FILE_NOT_FOUND: ExitCode.USAGE,
  UNSAFE_PATH: ExitCode.USAGE,
  NO_BUILD_ID: ExitCode.USAGE,
  SKOPEO_MISSING: ExitCode.USAGE,
  UNSUPPORTED_CONVERSION: ExitCode.USAGE,
  TAG_EXISTS: ExitCode.TAG_EXISTS,
  CONCURRENT_OVERWRITE: ExitCode.TAG_EXISTS,
  UNAUTHORIZED: ExitCode.AUTH,
  DENIED: ExitCode.AUTH,
  AWS_CREDENTIALS: ExitCode.AUTH,
  UNREACHABLE: ExitCode.UNREACHABLE,
  TIMEOUT: ExitCode.UNREACHABLE,
  REGISTRY_ERROR: ExitCode.UNREACHABLE,
  RATE_LIMITED: ExitCode.UNREACHABLE,
  NOT_FOUND: ExitCode.NOT_FOUND,
  SOURCE_NOT_FOUND: ExitCode.NOT_FOUND,
  REPOSITORY_NOT_FOUND: ExitCode.NOT_FOUND,
  MANIFEST_UNKNOWN: ExitCode.NOT_FOUND,
  CHECK_FAILED: ExitCode.CHECK_FAILED
};
var DigestpinError = class extends Error {
  code;
  exitCode;
  hint;
  constructor(code, message, hint = "", options) {
    super(message, options);
    this.name = "DigestpinError";
    this.code = code;
    this.exitCode = errorCodes[code];
    this.hint = hint;
  }
  toJSON() {
    return { error: { code: this.code, message: this.message, hint: this.hint } };
  }
};
function toDigestpinError(err) {
  if (err instanceof DigestpinError) return err;
  const message = err instanceof Error ? err.message : `non-error thrown: ${String(err)}`;
  return new DigestpinError(
    "INTERNAL",
    `unexpected internal error: ${message}`,
    "This is a bug in digestpin; please report it with the command you ran (run with DIGESTPIN_DEBUG=1 for a stack trace).",
    { cause: err }
  );
}
function notImplemented(command) {
  return new DigestpinError(
    "NOT_IMPLEMENTED",
    `digestpin ${command}: not implemented yet`,
    "This command is part of the contract but not built yet."
  );
}

// src/commands/push.ts
function runPush(_opts, _ctx) {
  return Promise.reject(notImplemented("push"));
}

export {
  __require,
  __commonJS,
  __toESM,
  DigestpinError,
  toDigestpinError,
  notImplemented,
  runPush
};
//# sourceMappingURL=chunk-P5XLZ435.js.map
