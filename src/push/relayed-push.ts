/**
 * One push through the loopback relay: skopeo pushes to the relay, which forwards its requests to
 * the real registry and writes the tag last, right after a fresh check of it (DESIGN.md "push: the
 * overwrite rule"). On an HTTPS registry that skopeo can verify, skopeo sends the blob bytes
 * straight to the registry (`directBlobs`); otherwise they stream through the relay. Returns what
 * happened to the tag. Why and what each costs: docs/decisions/relay.md.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DigestpinError, toDigestpinError } from '../errors.js';
import type { Logger } from '../log.js';
import { isSameImage, tagExistsError, type TagState } from './overwrite-rule.js';
import type { ManifestInfo, RegistryClient } from '../registry/client.js';
import { ecrTagExistsError, matchEcrImmutableTagRejection } from '../registry/ecr/errors.js';
import { allowsInsecure, baseUrlFor } from '../registry/http/hosts.js';
import { proxyFor } from '../registry/http/proxy.js';
import { networkError } from '../registry/http/transport.js';
import { parseManifest } from '../registry/manifest.js';
import type { ManifestFormat } from '../registry/media-types.js';
import { relayBlobs, requestSettings, stallMs } from '../settings.js';
import { PushProgress, type ProgressSink, type PushPlan } from './progress.js';
import { relayCertificate, type RelayCertificate } from './relay/certificate.js';
import { startRelay, type RelayFault, type TagDecision, type TagPut } from './relay/server.js';
import { processBytes, processWrites } from './process-io.js';
import { MISSING_BLOB, TLS_REFUSED } from './skopeo-errors.js';
import {
  skopeoCopy,
  STALL_MOVE,
  type StallWatch,
  transientAnswer,
  worthCopyingAgain,
  type CertFile,
  type SkopeoAuth,
} from './skopeo.js';

export interface RelayedPushOptions {
  source: string;
  srcAuth?: SkopeoAuth;
  srcTlsVerify?: boolean;
  /** What skopeo trusts for a docker:// source behind a private CA (push.ts's sourceAccess). */
  srcCerts?: CertFile[];
  /** Registry host as the user wrote it, repository path inside it, and the tag. */
  host: string;
  path: string;
  tag: string;
  format: ManifestFormat;
  all: boolean;
  /** Cancels the copy (the tag check found the tag taken). */
  signal?: AbortSignal;
  /**
   * Client for the tag checks and the relay's upstream requests (tokens shared). A function
   * (memoised by the caller) so that it can be loaded once skopeo has been started: nothing the
   * relay does needs it before skopeo's first request.
   */
  client: () => Promise<RegistryClient>;
  /** --insecure: an unverified certificate, or plain HTTP where the registry has no TLS. */
  insecure: boolean;
  commandTimeoutMs: number;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Called once skopeo has been started: the caller's own registry requests go then. */
  onSpawn?: () => void;
  /** One platform of a multi-platform source (skopeo's --override-os/-arch/-variant). */
  platform?: { os: string; architecture: string; variant?: string };
  /** Decides about the tag instead of the overwrite rule (platform-list.ts: never writes it). */
  onTagPut?: (put: TagPut) => Promise<TagDecision>;
  /** What the source holds (blobs, bytes), where it can be read cheaply (local OCI layouts). */
  plan?: Promise<PushPlan | undefined>;
  /**
   * Progress lines (none when undefined: --quiet): the push's own, about `plan`; or `running`, the
   * progress of a push this copy is one part of (list-push.ts), which this copy follows but
   * neither starts nor stops.
   */
  progress?: { sink: ProgressSink } | { running: PushProgress };
}

/**
 * Up to this many blob bytes in all (an OCI layout known to be that small), the blob bytes go through
 * the relay even where skopeo could send them straight to the registry: skopeo opens a new TLS
 * connection to the registry for each of its own uploads, while the relay sends them on the one
 * connection it keeps alive, and for a small image those handshakes cost more than the relay's
 * CPU. The measurements: docs/decisions/relay.md ("Small images").
 */
export const RELAY_SMALL_IMAGE_BYTES = 16 * 1024 * 1024;

/**
 * Blob uploads straight from skopeo to an HTTPS registry (docs/decisions/relay.md): the relay
 * serves TLS with a per-run certificate, and skopeo verifies the registry and authenticates to it
 * itself — with the registry credentials (the relay asks for the same ones), or, on a Bearer
 * registry, with the token the relay's own token endpoint hands it.
 */
interface DirectBlobs {
  tls: RelayCertificate;
  /** What skopeo presents to the relay (and, on a Basic registry, to the registry). */
  credentials: { username: string; password: string };
  /** What skopeo trusts for the destination besides the system roots. */
  certs: CertFile[];
}

/**
 * skopeo's own upload to the registry was refused where digestpin's requests are not: it could not
 * verify the certificate, or the registry did not take the credentials skopeo holds (a 401 the
 * relay did not see). The push runs again with the blob bytes through the relay.
 */
class DirectRefused extends Error {
  constructor(
    readonly why: 'certificate' | 'credentials',
    readonly original: unknown,
  ) {
    super(`direct upload: ${why} refused`);
  }
}

/**
 * Folders containers/image reads a host's extra CAs from, in its order (docker_client.go
 * `dockerCertDir`: `$HOME/.config/containers/certs.d` for every user, root included — not
 * XDG_CONFIG_HOME — then /etc/containers/certs.d, then /etc/docker/certs.d).
 */
export function certsDirs(env: NodeJS.ProcessEnv): string[] {
  const home = env.HOME || os.homedir();
  return [
    path.join(home, '.config', 'containers', 'certs.d'),
    '/etc/containers/certs.d',
    '/etc/docker/certs.d',
  ];
}

/**
 * The CAs that make this process trust the registry — NODE_EXTRA_CA_CERTS — and what skopeo would
 * use for it by itself (the first certs.d folder named after the host: CAs and client
 * certificates), since --dest-cert-dir replaces skopeo's per-host lookup. The system roots skopeo
 * reads itself.
 */
export function registryTrust(
  host: string,
  env: NodeJS.ProcessEnv,
  dirs: string[] = certsDirs(env),
): CertFile[] {
  const out: CertFile[] = [];
  const extra = env.NODE_EXTRA_CA_CERTS;
  if (extra) {
    try {
      out.push({ name: 'node-extra-ca-certs.crt', pem: fs.readFileSync(extra, 'utf8') });
    } catch {
      // Node itself warns about a file it cannot read; nothing more to give skopeo
    }
  }
  for (const base of dirs) {
    const dir = path.join(base, host);
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    // CAs (*.crt), and client certificates (*.cert with its *.key) for mutual TLS
    for (const n of names.filter((f) => /\.(crt|cert|key)$/.test(f)).sort()) {
      try {
        out.push({ name: `certs.d-${n}`, pem: fs.readFileSync(path.join(dir, n), 'utf8') });
      } catch {
        // unreadable: skopeo would not have read it either
      }
    }
    break;
  }
  return out;
}

/** Credentials good for this run's relay only (skopeo gets them in its 0600 auth file). */
function oneTimeSecret(): { username: string; password: string } {
  return { username: 'digestpin', password: randomBytes(24).toString('base64url') };
}

/**
 * Whether skopeo can upload blobs straight to the registry, and what it needs for that: an HTTPS
 * registry whose certificate this process verifies (not one reached with --insecure or as a
 * loopback host, whose certificate may be unverifiable), unless DIGESTPIN_RELAY_BLOBS=1 or the
 * image is small (RELAY_SMALL_IMAGE_BYTES). skopeo starts once the credentials are found (a
 * credential helper runs then) and, when they are a user and password, the registry has been
 * pinged: its challenge says whether skopeo may hold them (docs/decisions/relay.md).
 */
async function directBlobs(
  o: RelayedPushOptions,
  unverified: boolean,
): Promise<DirectBlobs | undefined> {
  const setting = relayBlobs(o.env);
  if (unverified || setting === 'always') return undefined;
  if (setting === 'by size' && o.source.startsWith('oci:')) {
    // an OCI layout's index and manifests are read in a millisecond or two
    const plan = await o.plan?.catch(() => undefined);
    if (plan && plan.bytes <= RELAY_SMALL_IMAGE_BYTES) {
      o.logger.debug(
        `relay: ${plan.bytes} blob bytes in all: they go through the relay (${RELAY_SMALL_IMAGE_BYTES} or less; DIGESTPIN_RELAY_BLOBS=0 sends them straight)`,
      );
      return undefined;
    }
  }
  const client = await o.client();
  // the registry's auth scheme (its ping) and the credentials are asked together, while the
  // certificate is made; the scheme decides what skopeo may hold
  const scheme = client.authScheme(o.host);
  scheme.catch(() => undefined);
  const found = client.credentials(o.host, o.path);
  const tls = relayCertificate();
  const certs = registryTrust(o.host, o.env);
  const creds = await found;
  // Only a Basic registry needs the user and password on skopeo's own uploads, and gets them (as
  // `skopeo login` would keep them). Anywhere else — Bearer: the relay hands skopeo a token; no
  // challenge; an identity or registry token — skopeo holds a one-time secret that is good for
  // the relay only: the password is not written for it, nor sent where plain skopeo sends none.
  const userAndPassword =
    creds?.username !== undefined &&
    creds.password !== undefined &&
    creds.identityToken === undefined &&
    creds.registryToken === undefined;
  const basic = userAndPassword && (await scheme) === 'basic';
  return {
    tls,
    certs,
    credentials: basic
      ? { username: creds.username ?? '', password: creds.password ?? '' }
      : oneTimeSecret(),
  };
}

export type RelayedPushResult = { pushed: boolean; digest: string };

/** What the tag holds now, or undefined when it is absent (`known`: the tag's HEAD just made). */
export async function tagState(
  client: RegistryClient,
  host: string,
  path: string,
  tag: string,
  known?: ManifestInfo,
): Promise<TagState | undefined> {
  const head = known ?? (await client.headManifest({ domain: host, path, tag }));
  if (!head) return undefined;
  const configs = await client.configDigests({ domain: host, path, digest: head.digest });
  if (!configs) return undefined; // deleted between HEAD and GET
  return { digest: head.digest, mediaType: head.mediaType, configs };
}

/** A request that failed at one step of the push, as a DigestpinError naming that step. */
export function stepFailure(
  label: string,
  host: string,
  f: Omit<RelayFault, 'replayable'>,
  timeoutMs: number,
): DigestpinError {
  const at = `${label}: ${f.step} failed`;
  if (f.error !== undefined) {
    const e = f.error instanceof DigestpinError ? f.error : networkError(f.error, host, timeoutMs);
    return new DigestpinError(e.code, `${at}: ${e.message}`, e.hint, { cause: f.error });
  }
  const status = f.status ?? 0;
  const said = f.registryError
    ? `: ${f.registryError.code}${f.registryError.message ? ` ${f.registryError.message}` : ''}`
    : '';
  const message = `${at}: HTTP ${status}${said}`;
  if (status === 429) {
    const wait =
      f.retryAfterMs !== undefined
        ? ` (it asks to wait ${Math.ceil(f.retryAfterMs / 1000)} s)`
        : '';
    return new DigestpinError(
      'RATE_LIMITED',
      `${message}${wait}`,
      'The registry is throttling requests; wait and re-run.',
    );
  }
  if (status === 401)
    return new DigestpinError(
      'UNAUTHORIZED',
      message,
      'Log in to the registry again or pass --authfile.',
    );
  if (status === 403)
    return new DigestpinError(
      'DENIED',
      message,
      'The credentials lack push permission on the repository.',
    );
  if (f.registryError?.code === 'TAG_INVALID')
    return new DigestpinError(
      'TAG_EXISTS',
      `the registry refused to write the tag of ${label}: ${message}`,
      'Tags are never overwritten: push under a new tag (the default --tag template is unique per build and retry).',
    );
  if (f.registryError?.code === 'MANIFEST_BLOB_UNKNOWN' || f.registryError?.code === 'BLOB_UNKNOWN')
    return new DigestpinError(
      'REGISTRY_ERROR',
      `${message} (${MISSING_BLOB})`,
      'Push again: the copy uploads what the registry lacks. Another push of the same image to this repository at the same time, or a garbage collection, can cause this.',
    );
  return new DigestpinError(
    'REGISTRY_ERROR',
    `${message}${status >= 500 || status === 408 || status === 429 ? ' (after retries)' : ''}`,
    status >= 500 || status === 408
      ? 'The registry kept failing (or a proxy in front of it); re-run later, or check the registry and the proxy.'
      : 'The registry refused the request; run with --verbose to see the exchange.',
  );
}

/**
 * skopeo's own upload request (PATCH or PUT straight to the registry) in containers/image's
 * words: `uploading layer chunked: …` or `Patch "https://…/blobs/uploads/…": …` for the bytes,
 * `uploading layer to https://…` or `Put "https://…/blobs/uploads/…": …` for the finishing PUT.
 */
const DIRECT_STEPS: [RegExp, string][] = [
  [/uploading layer chunked|Patch "[^"]*\/blobs\/uploads\//, 'blob upload (PATCH)'],
  [/uploading layer to |Put "[^"]*\/blobs\/uploads\//, 'upload finish (PUT)'],
];

/** The error of a copy whose own upload request failed, naming that step as the relay would. */
function namedDirectStep(label: string, err: unknown): unknown {
  if (!(err instanceof DigestpinError)) return err;
  const step = DIRECT_STEPS.find(([re]) => re.test(err.message))?.[1];
  if (!step) return err;
  return new DigestpinError(
    err.code,
    `${label}: ${step} failed (skopeo, straight to the registry): ${err.message}`,
    err.hint,
    { cause: err },
  );
}

export async function relayedPush(o: RelayedPushOptions): Promise<RelayedPushResult> {
  return withProgress(o, (progress) => relayedPushTwice(o, progress));
}

/**
 * Runs `push` with the progress `o.progress` asks for: none (--quiet), the running progress of a
 * push it is one part of, or its own — one for the whole push, also when it is made again with
 * the blob bytes through the relay, or made of several copies (list-push.ts); stopped at its end.
 */
export async function withProgress<T>(
  o: Pick<RelayedPushOptions, 'progress' | 'plan' | 'host' | 'path' | 'tag'>,
  push: (progress: PushProgress | undefined) => Promise<T>,
): Promise<T> {
  if (!o.progress) return push(undefined);
  if ('running' in o.progress) return push(o.progress.running);
  const progress = new PushProgress(
    o.progress.sink,
    undefined,
    undefined,
    `${o.host}/${o.path}:${o.tag}`,
  );
  let ended = false;
  // the plan is read from local files: a millisecond or two (awaited before skopeo starts for a
  // possibly small OCI layout, otherwise while it starts)
  void (o.plan ?? Promise.resolve(undefined))
    .catch(() => undefined)
    .then((p) => {
      if (!ended) progress.start(p);
    });
  try {
    return await push(progress);
  } finally {
    ended = true;
    progress.stop();
  }
}

async function relayedPushTwice(
  o: RelayedPushOptions,
  progress?: PushProgress,
): Promise<RelayedPushResult> {
  try {
    return await relayedPushOnce(o, true, progress);
  } catch (err) {
    if (!(err instanceof DirectRefused) || o.signal?.aborted) throw err;
    const said = err.original instanceof Error ? err.original.message : String(err.original);
    o.logger.warn(
      err.why === 'certificate'
        ? `skopeo could not verify the certificate of ${o.host} (${said}); ` +
            `pushing again with the blob bytes through digestpin, which trusts it (slower). ` +
            `To let skopeo upload directly, put the registry's CA in /etc/containers/certs.d/${o.host}/ca.crt.`
        : `${o.host} refused skopeo's own credentials on a blob upload (${said}); ` +
            `pushing again with the blob bytes through digestpin, which authenticates itself (slower).`,
    );
    return relayedPushOnce(o, false, progress);
  }
}

/** One push; `progress` (if any) is followed for this copy's bytes, not started or stopped. */
async function relayedPushOnce(
  o: RelayedPushOptions,
  tryDirect: boolean,
  progress: PushProgress | undefined,
): Promise<RelayedPushResult> {
  const label = `${o.host}/${o.path}:${o.tag}`;
  const decide = async (put: TagPut): Promise<TagDecision> => {
    const client = await o.client();
    const now = await tagState(client, o.host, o.path, o.tag);
    if (!now) return { action: 'write' };
    if (now.digest === put.digest) return { action: 'skip', digest: now.digest };
    const m = parseManifest(put.bytes);
    const ours = m.configDigest
      ? new Map([['', m.configDigest]])
      : await client.configDigests({ domain: o.host, path: o.path, digest: put.digest });
    if (ours && isSameImage(now, ours, o.format)) return { action: 'skip', digest: now.digest };
    const err = tagExistsError(
      label,
      now,
      { configs: ours ?? new Map<string, string>(), digest: put.digest },
      o.format,
      true,
    );
    conflict = err;
    return {
      action: 'refuse',
      message: `tag invalid: ${label} already exists (${now.digest}); digestpin does not overwrite tags`,
    };
  };
  let conflict: DigestpinError | undefined;
  // HTTPS, unless a host that allows it (--insecure, loopback) has no TLS: its ping tells
  const unverified = allowsInsecure(o.host, o.insecure);
  const origin = unverified ? await (await o.client()).origin(o.host) : baseUrlFor(o.host);
  const authorization = async () =>
    (await o.client()).authorizationHeader(o.host, o.path, ['pull', 'push']);
  const direct = tryDirect ? await directBlobs(o, unverified) : undefined;
  // Blob bytes skip the relay where skopeo verifies and authenticates to the registry (above),
  // and where the relay adds nothing: plain HTTP and no credentials asked.
  const directUploads = async (): Promise<boolean> => {
    if (direct) return true;
    if (!origin.startsWith('http://') || relayBlobs(o.env) === 'always') return false;
    const auth = await authorization();
    if (auth === undefined)
      o.logger.debug(`relay: blob uploads go straight to ${origin} (plain HTTP, no credentials)`);
    return auth === undefined;
  };
  const credentials = direct?.credentials ?? oneTimeSecret();
  // The registry ping (and token) the relay's first request needs, asked as soon as skopeo has
  // been started (not before: skopeo then starts sooner, docs/decisions/relay.md) and answered
  // while it starts up; that first request takes this answer (or its failure), later ones ask the
  // client again.
  let warm: Promise<string | undefined> | undefined;
  const spawned = () => {
    warm = authorization();
    warm.catch(() => undefined);
    // the relay's own connection to the registry, ready before skopeo's first request
    relay.warm();
    o.onSpawn?.();
  };
  const settings = requestSettings(o.env);
  // uploads straight to the registry: the bytes skopeo has written (its sockets, mostly), from
  // the kernel's count (Linux), summed over the copies run; their blobs are named by the
  // manifests the registry takes
  let written = 0;
  let current: (() => number | undefined) | undefined;
  const skopeoWrites = (): number | undefined => {
    const now = current?.();
    return now === undefined ? undefined : written + now;
  };
  // The stall watch (DIGESTPIN_STALL_MS): skopeo moves while it reads or writes (the kernel's
  // count) or makes a request through the relay; while the relay answers one, its own limit
  // watches that request. Off where the count cannot be read (not Linux).
  const stallLimit = stallMs(o.env);
  let moving: (() => number | undefined) | undefined;
  const stall: StallWatch = {
    ms: stallLimit,
    moved: () => {
      const quiet = relay.quiet();
      if (quiet === undefined) return undefined;
      const io = moving?.();
      // each request started or answered is a move of its own
      return io === undefined ? undefined : io + quiet.events * STALL_MOVE;
    },
    // uploads going straight to the registry (the relay counts no blob bytes), one started
    what: () =>
      relay.bytesSent() === undefined && relay.quiet()?.uploading
        ? {
            step: `${label}: blob upload (skopeo, straight to the registry)`,
            // from a docker:// source, the stalled end may be the source it streams from
            ...(!o.source.startsWith('docker://') && { side: 'destination' as const }),
          }
        : { step: `${label}: skopeo (reading the source, or between its requests)` },
  };
  const relay = await startRelay({
    idleMs: stallLimit,
    onBlob: (digest, uploaded) => progress?.blob(digest, uploaded),
    ...(direct && { tls: direct.tls }),
    ...(direct && {
      bearer: {
        wanted: async () => (await (await o.client()).authScheme(o.host)) === 'bearer',
        token: async () => {
          const t = await (await o.client()).bearerToken(o.host, o.path, ['pull', 'push']);
          if (!t)
            throw new DigestpinError(
              'REGISTRY_ERROR',
              `${o.host} gave no Bearer token for repository:${o.path}:pull,push`,
              'The registry asked for a Bearer token but its token service answered without one: ask its operators.',
            );
          return t;
        },
      },
    }),
    credentials,
    repository: o.path,
    retry: { retries: settings.retries },
    upstream: {
      origin,
      directUploads,
      fetch: async (p, init) => (await o.client()).fetch(o.host, o.path, ['pull', 'push'], p, init),
      // the relay's own node:http requests verify certificates and know no proxy: an https host
      // that need not verify, or a proxied one, is reached through the client's fetch instead
      ...((!unverified || origin.startsWith('http:')) &&
        !proxyFor(origin, o.env) && {
          authorization: () => {
            const first = warm;
            warm = undefined;
            return first ?? authorization();
          },
        }),
    },
    onTagPut: o.onTagPut ?? decide,
    logger: o.logger,
  });
  let copied: { digest: string } | undefined;
  let copyError: unknown;
  let sampling: NodeJS.Timeout | undefined;
  if (progress) {
    progress.follow(direct ? { bytes: skopeoWrites } : { bytes: () => relay.bytesSent() });
    // sampled often, so that a copy run again adds what the ended one had written by its end
    if (direct) {
      sampling = setInterval(() => current?.(), 500);
      sampling.unref();
    }
  }
  try {
    copied = await skopeoCopy({
      source: o.source,
      dest: `docker://${relay.host}/${o.path}:${o.tag}`,
      destLabel: label,
      format: o.format,
      all: o.all,
      ...(o.srcAuth ? { srcAuth: o.srcAuth } : {}),
      ...(o.srcTlsVerify !== undefined ? { srcTlsVerify: o.srcTlsVerify } : {}),
      ...(o.srcCerts ? { srcCerts: o.srcCerts } : {}),
      destTlsVerify: direct !== undefined,
      ...(direct && {
        destCerts: [{ name: 'digestpin-relay.crt', pem: direct.tls.cert }, ...direct.certs],
      }),
      destAuth: { host: relay.host, ...credentials },
      commandTimeout: o.commandTimeoutMs,
      ...(o.signal ? { signal: o.signal } : {}),
      env: o.env,
      logger: o.logger,
      onSpawn: spawned,
      onProcess: (pid: number | undefined) => {
        moving = pid === undefined ? undefined : processBytes(pid);
        if (!direct) return;
        written += current?.() ?? 0;
        current = pid === undefined ? undefined : processWrites(pid);
      },
      stall,
      ...(o.platform && { platform: o.platform }),
      // a request the relay could not send again (a streamed body) failed: run the copy again,
      // which uploads only what the registry lacks; any other lasting fault names its step
      judge: (err) => {
        const fault = relay.takeFault();
        if (!fault && direct) {
          // a request skopeo sent straight to the registry failed (the relay saw no fault)
          const said = err instanceof Error ? err.message : String(err);
          // only skopeo's own uploads (PATCH, PUT) to the destination: not the source, not a
          // 401 the relay passed on from the registry
          const own = DIRECT_STEPS.some(([re]) => re.test(said));
          if (own && TLS_REFUSED.test(said))
            return { again: false, error: new DirectRefused('certificate', err) };
          if (own && err instanceof DigestpinError && err.code === 'UNAUTHORIZED')
            return { again: false, error: new DirectRefused('credentials', err) };
          return {
            again: worthCopyingAgain(err) || transientAnswer(err),
            error: namedDirectStep(label, err),
          };
        }
        if (!fault) return { again: worthCopyingAgain(err), error: err };
        return {
          again: !fault.replayable,
          error: stepFailure(label, o.host, fault, settings.timeoutMs),
        };
      },
    });
  } catch (err) {
    copyError = err;
  } finally {
    if (sampling) clearInterval(sampling);
    progress?.settle();
    await relay.close();
  }
  const outcome = relay.outcome();
  if (conflict) throw conflict;
  if (outcome?.kind === 'failed') {
    // ECR refused the tag PUT: an IMMUTABLE tag written by someone else since our check.
    const said = outcome.registryError;
    if (said && matchEcrImmutableTagRejection(`${said.code}: ${said.message}`))
      throw ecrTagExistsError(
        label,
        new Error(`${outcome.step}: HTTP ${outcome.status ?? 0} ${said.code}: ${said.message}`),
      );
    throw stepFailure(label, o.host, outcome, settings.timeoutMs);
  }
  if (copyError instanceof DirectRefused) throw copyError;
  if (copyError) throw toDigestpinError(copyError);
  if (!copied || !outcome)
    throw new DigestpinError(
      'INTERNAL',
      `skopeo finished but never wrote the manifest of ${label}`,
      'This is a bug; run with --verbose.',
    );
  if (outcome.kind === 'written') {
    if (copied.digest !== outcome.digest)
      throw new DigestpinError(
        'INTERNAL',
        `skopeo reported ${copied.digest} but the relay wrote ${outcome.digest}`,
        'This is a bug; run with --verbose.',
      );
    return { pushed: true, digest: outcome.digest };
  }
  if (outcome.kind === 'skipped') return { pushed: false, digest: outcome.digest };
  throw new DigestpinError('INTERNAL', `unexpected relay outcome ${outcome.kind}`);
}
