/**
 * Turns skopeo's stderr into a DigestpinError. skopeo 1.9.3 exits 1 for every failure, so the
 * class of failure can only be read from the message (REGISTRY-FACTS.md §2 "Observed 1.9.3 errors").
 */
import { DigestpinError, type ErrorCode } from '../errors.js';
import { parseReference } from '../reference.js';

/** The text of a logrus `level=fatal msg="…"` line, or the last non-empty line of stderr. */
export function skopeoMessage(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /level=fatal msg="((?:[^"\\]|\\.)*)"/.exec(lines[i] ?? '');
    // Go-quoted: \" and \\ stand for themselves; \n and \t (multi-line registry errors) read as a space
    if (m?.[1] !== undefined)
      return m[1].replace(/\\(.)/g, (_, c: string) => (c === 'n' || c === 't' ? ' ' : c)).trim();
  }
  const last = lines.at(-1)?.trim() ?? '';
  return last || 'skopeo failed without a message';
}

export interface SkopeoErrorContext {
  /** The source as given to skopeo (for messages). */
  source: string;
  /** The destination the user asked for (for messages), not the relay address. */
  dest: string;
  /** The failing end is the source whatever the message says (skopeo inspect of a source). */
  sourceSide?: boolean;
  /** The loopback relay's host:port skopeo wrote to, shown as `destHost` in messages. */
  relayHost?: string;
  destHost?: string;
  /** The limit the run had (DIGESTPIN_PUSH_TIMEOUT_MS), named in a timeout's hint. */
  timeoutMs?: number;
}

/** The hint of every push timeout: what to check, and the variable that gives more time. */
export function timeoutHint(timeoutMs: number | undefined): string {
  const now = timeoutMs === undefined ? '' : ` (now ${timeoutMs} ms)`;
  return `The registry or the network is too slow or hangs: check the network path (a proxy or firewall may be dropping the connection), or allow more time with DIGESTPIN_PUSH_TIMEOUT_MS${now}, e.g. DIGESTPIN_PUSH_TIMEOUT_MS=3600000 for an hour.`;
}

/**
 * A part of a push that moved no byte for `ms` (DIGESTPIN_STALL_MS): `what` is the request or the
 * run that was stopped, as an error message names it.
 */
export class NoBytesMoved extends DigestpinError {}

export function noBytesMoved(
  what: string,
  ms: number,
  side?: 'destination' | 'source',
): NoBytesMoved {
  const stopped =
    side === 'destination'
      ? 'The registry (or a proxy or firewall on the way) stopped taking or answering the upload'
      : side === 'source'
        ? "The source stopped answering skopeo's read (a docker:// registry or a proxy on the way; a Docker daemon or local storage for the other transports)"
        : 'A registry skopeo talks to (the destination, or a docker:// source), or a proxy or firewall on the way, stopped answering';
  return new NoBytesMoved(
    'TIMEOUT',
    `${what}no bytes moved for ${Math.round(ms / 1000)} s`,
    `${stopped}; check the network path and re-run. DIGESTPIN_STALL_MS (now ${ms} ms) sets how long a push may move no bytes before it is stopped.`,
  );
}

/** Marks the missing-layer failure in its message (the copy is run again for it). */
export const MISSING_BLOB = 'blob unknown on the manifest upload';

const ATTESTATION_HINT =
  'The source is an image index with attestations (buildx provenance/SBOM), which Docker v2s2 cannot hold. ' +
  'From an oci:, oci-archive: or docker:// source, push --all writes a v2s2 list and keeps the attestations beside it (docs/multi-platform.md); ' +
  'from elsewhere, push it as OCI with --format oci, or build without attestations: docker buildx build --provenance=false --sbom=false.';

/** A failed skopeo run; `atSource`: the failing request was a read of the source. */
export class SkopeoFailure extends DigestpinError {
  constructor(
    code: ErrorCode,
    message: string,
    hint: string,
    readonly atSource: boolean,
  ) {
    super(code, message, hint);
  }
}

/**
 * A registry's 5xx in skopeo's words ("invalid status code from registry 503 (Service
 * Unavailable)", "received unexpected HTTP status: 502 Bad Gateway", "StatusCode: 500, …"): the
 * status where a status is said, or its reason phrase — not a bare number, which a host or
 * repository name can hold.
 */
export const SERVER_ERROR =
  /(?:status(?:code)?:?|status code|http code|from registry)\s*50[0234]\b|internal server error|bad gateway|service unavailable|gateway time-?out/i;

/** skopeo refused a registry's certificate (Go's crypto/x509 and crypto/tls words). */
export const TLS_REFUSED =
  /x509:|tls: failed to verify|certificate signed by unknown authority|certificate is not valid/i;

/** The registry host of a docker:// reference or `host/path` (docker.io for `alpine:3`). */
function registryHost(ref: string): string {
  const bare = ref.replace(/^docker:\/\//, '');
  try {
    return parseReference(bare).domain;
  } catch {
    return bare.split('/')[0] ?? bare;
  }
}

/** Classifies one failed skopeo run, naming the source or the destination as the failing end. */
export function classifySkopeoError(stderr: string, ctx: SkopeoErrorContext): SkopeoFailure {
  // the relay is an internal detail: its loopback address is shown as the registry's host
  const raw = skopeoMessage(stderr);
  const msg =
    ctx.relayHost && ctx.destHost
      ? raw
          .split(`http://${ctx.relayHost}`)
          .join(ctx.destHost)
          .split(ctx.relayHost)
          .join(ctx.destHost)
      : raw;
  const lower = msg.toLowerCase();
  // "reading (config) blob sha256:…" and "determining manifest MIME type for <source>" are reads of
  // the source (containers/image copy: the destination's failures say writing, uploading, trying to
  // reuse); with --all they follow "copying image 1/2 from manifest list: "
  const sourceSide =
    ctx.sourceSide === true ||
    /^(initializing source|initializing image from source|invalid source name|parsing image name|choosing an image from manifest list)/i.test(
      msg,
    ) ||
    /(^|: )(reading (config )?blob sha256:|determining manifest mime type for )/i.test(msg);
  const where = sourceSide ? `source ${ctx.source}` : ctx.dest;
  const fail = (code: ErrorCode, message: string, hint: string) =>
    new SkopeoFailure(code, message, hint, sourceSide);

  if (lower.includes('unknown media type during manifest conversion'))
    return fail(
      'UNSUPPORTED_CONVERSION',
      `cannot convert ${ctx.source} to the requested format: ${msg}`,
      ATTESTATION_HINT,
    );
  if (/tag_invalid|tag invalid|immutable/.test(lower))
    return fail(
      'TAG_EXISTS',
      `the registry refused to write the tag of ${ctx.dest}: ${msg}`,
      'Tags are never overwritten: push under a new tag (the default --tag template is unique per build and retry).',
    );
  // "Invalid source name oci:/no/such:tag: lstat /no: no such file or directory" is a missing
  // source (exit 6, SOURCE_NOT_FOUND below), not a malformed reference
  const missingPath = sourceSide && /no such file or directory/.test(lower);
  if (/invalid (source|destination) name|invalid reference format/.test(lower) && !missingPath)
    return fail(
      'INVALID_REFERENCE',
      `skopeo rejected a reference: ${msg}`,
      'Use a source like oci:dir:tag, docker-archive:app.tar, docker-daemon:app:dev and a lowercase repository host/path.',
    );
  if (
    sourceSide &&
    /no such file or directory|cannot connect to the docker daemon|no descriptor found|manifest unknown|name unknown|not found|does not exist|no such image/.test(
      lower,
    )
  )
    return fail(
      'SOURCE_NOT_FOUND',
      `source ${ctx.source} not found: ${msg}`,
      lower.includes('docker daemon')
        ? 'Start the Docker daemon (or export the image with docker save and push docker-archive:file.tar).'
        : 'Check the source reference: build the image first, or fix the path and tag (oci:dir:tag, docker-archive:file.tar).',
    );
  if (/\bunauthorized\b|authentication required|status(code)?:? 401|\b401\b/.test(lower))
    return fail(
      'UNAUTHORIZED',
      `${where}: the registry refused the credentials (401): ${msg}`,
      'Log in to the registry (docker login / skopeo login) or pass --authfile with credentials for it.',
    );
  if (/\bdenied\b|\b403\b|forbidden/.test(lower))
    return fail(
      'DENIED',
      `${where}: access denied (403): ${msg}`,
      'The credentials are valid but lack permission: grant push/pull on the repository.',
    );
  if (/manifest unknown|name unknown|repository .*does not exist|statuscode: 404/.test(lower))
    return fail(
      'REPOSITORY_NOT_FOUND',
      `${where}: repository not found: ${msg}`,
      'Create the repository first (ECR: --create-repository) or check its name.',
    );
  // a 504 Gateway Timeout is an answer (from a proxy in front of the registry), not our time-out
  if (/timeout|timed out|deadline exceeded/.test(lower) && !/gateway time-?out/.test(lower))
    return fail('TIMEOUT', `${where}: timed out: ${msg}`, timeoutHint(ctx.timeoutMs));
  if (TLS_REFUSED.test(msg)) {
    const host = registryHost(sourceSide ? ctx.source : (ctx.destHost ?? ctx.dest));
    const unknownCa = /unknown authority/.test(lower);
    return fail(
      'UNREACHABLE',
      `${where}: skopeo does not trust the registry's certificate: ${msg}`,
      unknownCa
        ? `Give digestpin the registry's CA with NODE_EXTRA_CA_CERTS=ca.pem (digestpin hands it to skopeo), or put it in /etc/containers/certs.d/${host}/ca.crt; --insecure skips the verification.`
        : `The certificate of ${host} does not verify (expired, or not issued for this host name): fix it on the registry; --insecure skips the verification.`,
    );
  }
  if (
    /connection refused|no such host|network is unreachable|connection reset|broken pipe|use of closed network connection|\beof\b|tls:|x509:/.test(
      lower,
    )
  )
    return fail(
      'UNREACHABLE',
      `${where}: registry unreachable: ${msg}`,
      'Check that the registry host and port are right and reachable from here (DNS, firewall, proxy, TLS).',
    );
  if (SERVER_ERROR.test(msg))
    return fail(
      'REGISTRY_ERROR',
      `${where}: the registry failed: ${msg}`,
      'The registry returned a server error; retry later.',
    );
  // MANIFEST_BLOB_UNKNOWN on the manifest upload: a layer skopeo found present a moment earlier
  // (so it skipped uploading it) is missing when the manifest is checked — seen when pushes of
  // the same image to one repository race on docker-registry's filesystem storage
  if (!sourceSide && /blob unknown/.test(lower))
    return fail(
      'REGISTRY_ERROR',
      `${where}: the registry does not have a layer the manifest names (${MISSING_BLOB}): ${msg}`,
      'Push again: the copy uploads what the registry lacks. Another push of the same image to this repository at the same time, or a garbage collection, can cause this.',
    );
  // Docker Hub's pull limit says "toomanyrequests: You have reached your pull rate limit"
  if (/\b429\b|too ?many ?requests/.test(lower))
    return fail(
      'RATE_LIMITED',
      `${where}: rate limited: ${msg}`,
      'The registry is throttling requests; retry later.',
    );
  return fail(
    'INTERNAL',
    `skopeo failed: ${msg}`,
    'Run with --verbose to see skopeo’s full output.',
  );
}
