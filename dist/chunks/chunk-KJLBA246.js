import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);

// src/errors.ts
var ExitCode = {
  OK: 0,
  INTERNAL: 1,
  USAGE: 2,
  TAG_EXISTS: 3,
  AUTH: 4,
  UNREACHABLE: 5,
  NOT_FOUND: 6,
  CHECK_FAILED: 7,
  /** Stopped by a signal: 128 + its number (130 for SIGINT, 143 SIGTERM, 129 SIGHUP). */
  INTERRUPTED: 130
};
var errorCodes = {
  INTERNAL: ExitCode.INTERNAL,
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
  NOTHING_PINNED: ExitCode.USAGE,
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
  CHECK_FAILED: ExitCode.CHECK_FAILED,
  INTERRUPTED: ExitCode.INTERRUPTED
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

export {
  ExitCode,
  DigestpinError,
  toDigestpinError
};
//# sourceMappingURL=chunk-KJLBA246.js.map
