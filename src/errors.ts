/**
 * The one error type of digestpin: a stable `code`, the exit code of the DESIGN.md table and a
 * `hint` the user can act on. Commands throw it; only the CLI and the action print it and exit.
 */

/** Exit codes of the contract (DESIGN.md "Exit codes"). */
export const ExitCode = {
  OK: 0,
  INTERNAL: 1,
  USAGE: 2,
  TAG_EXISTS: 3,
  AUTH: 4,
  UNREACHABLE: 5,
  NOT_FOUND: 6,
  CHECK_FAILED: 7,
  /** Stopped by a signal: 128 + its number (130 for SIGINT, 143 SIGTERM, 129 SIGHUP). */
  INTERRUPTED: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Every error code and the exit code it maps to. */
export const errorCodes = {
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
  INTERRUPTED: ExitCode.INTERRUPTED,
} as const satisfies Record<string, ExitCode>;
export type ErrorCode = keyof typeof errorCodes;

export class DigestpinError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: ExitCode;
  readonly hint: string;

  constructor(code: ErrorCode, message: string, hint = '', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DigestpinError';
    this.code = code;
    this.exitCode = errorCodes[code];
    this.hint = hint;
  }

  toJSON(): { error: { code: ErrorCode; message: string; hint: string } } {
    return { error: { code: this.code, message: this.message, hint: this.hint } };
  }
}

/** Turns anything thrown into a DigestpinError; what is not one already is a bug (exit 1). */
export function toDigestpinError(err: unknown): DigestpinError {
  if (err instanceof DigestpinError) return err;
  const message = err instanceof Error ? err.message : `non-error thrown: ${String(err)}`;
  return new DigestpinError(
    'INTERNAL',
    `unexpected internal error: ${message}`,
    'This is a bug in digestpin; please report it with the command you ran (run with DIGESTPIN_DEBUG=1 for a stack trace).',
    { cause: err },
  );
}
