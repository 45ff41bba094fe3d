/**
 * The only place that runs skopeo. Credentials reach it through a temporary auth file (mode 0600
 * in a private temporary folder, removed afterwards, also when the run is interrupted), never
 * through argv.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DigestpinError } from '../errors.js';
import type { Logger } from '../log.js';
import { runProcess } from '../process.js';
import type { ManifestFormat } from '../registry/media-types.js';
import { skopeoBinary, stallMs } from '../settings.js';
import { processBytes } from './process-io.js';
import {
  classifySkopeoError,
  MISSING_BLOB,
  NoBytesMoved,
  noBytesMoved,
  SERVER_ERROR,
  SkopeoFailure,
  timeoutHint,
  type SkopeoErrorContext,
} from './skopeo-errors.js';

/** Oldest skopeo we support: older ones fail on attestation manifests even without --format. */
const MIN_SKOPEO = '1.9.0';
const INSTALL_HINT =
  'Install skopeo >= ' +
  MIN_SKOPEO +
  ': sudo apt-get install -y skopeo (Debian 12+/Ubuntu 22.04+), sudo dnf install -y skopeo (Fedora/RHEL), brew install skopeo (macOS). ' +
  'Set DIGESTPIN_SKOPEO to use a skopeo binary outside PATH.';

/** Credentials for one registry host, written to the temporary auth file. */
export interface SkopeoAuth {
  host: string;
  username?: string;
  password?: string;
  identityToken?: string;
}

export interface SkopeoCopyOptions {
  source: string;
  dest: string;
  /** The destination as the user named it, for error messages (dest may be the relay). */
  destLabel?: string;
  format: ManifestFormat;
  all: boolean;
  srcAuth?: SkopeoAuth;
  srcTlsVerify?: boolean;
  /** Certificates skopeo trusts for a docker:// source (--src-cert-dir), as destCerts. */
  srcCerts?: CertFile[];
  destTlsVerify: boolean;
  /** Send no credentials to the destination (--dest-no-creds: an anonymous destination). */
  destNoCreds?: boolean;
  /** Credentials for the destination (what the relay asks for), also via a 0600 file. */
  destAuth?: SkopeoAuth;
  /**
   * Certificates (PEM) skopeo trusts for the destination on top of the system roots, written to
   * a folder passed as --dest-cert-dir (`name`: `*.crt` for a CA, `*.cert` and `*.key` for a
   * client certificate).
   */
  destCerts?: CertFile[];
  /** Milliseconds for the whole copy (skopeo --command-timeout). */
  commandTimeout: number;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Called when the (first) skopeo process has been started. */
  onSpawn?: () => void;
  /** Called with the pid of every skopeo process started (the first, and a copy run again). */
  onProcess?: (pid: number | undefined) => void;
  /** Copy this platform's image of a multi-platform source (--override-os/-arch/-variant). */
  platform?: { os: string; architecture: string; variant?: string };
  /**
   * Says, for a failed run, whether to run the copy again and what to report if not (the push
   * relay knows which request failed). Default: worthCopyingAgain, skopeo's error as it is.
   */
  judge?: (err: unknown) => { again: boolean; error: unknown };
  /** Stops a run that moves nothing for a while (StallWatch). */
  stall?: StallWatch;
}

/**
 * A skopeo run that moves nothing for `ms` (DIGESTPIN_STALL_MS) is stopped and fails with TIMEOUT
 * (NoBytesMoved) naming `what()`: `moved()`, read every second while skopeo runs, grows with each
 * byte it reads or writes (a request counts as STALL_MOVE bytes); undefined while there is nothing
 * to judge by (a request the relay is answering, which the relay's own limit watches).
 */
export interface StallWatch {
  ms: number;
  moved: () => number | undefined;
  /** The step stopped, for the message, and which end is likely stuck (for the hint). */
  what: () => { step: string; side?: 'destination' | 'source' };
}

/**
 * What counts as moving: a waiting Go process still reads and writes a few bytes now and then (its
 * runtime wakes its network poller through an eventfd, 8 bytes a time), which must not keep a
 * stalled upload alive; a real upload moves far more than this between two readings.
 */
export const STALL_MOVE = 16 * 1024;

/** Calls `stop` once `watch.moved()` has moved less than STALL_MOVE in `watch.ms`. */
function watchForStall(watch: StallWatch, stop: () => void): NodeJS.Timeout {
  let last = watch.moved();
  let since = Date.now();
  const timer = setInterval(
    () => {
      const now = watch.moved();
      if (now === undefined || last === undefined || Math.abs(now - last) >= STALL_MOVE) {
        last = now;
        since = Date.now();
      } else if (Date.now() - since >= watch.ms) {
        clearInterval(timer);
        stop();
      }
    },
    Math.min(1000, watch.ms / 4),
  );
  timer.unref();
  return timer;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The installed skopeo version; SKOPEO_MISSING when it is absent or older than MIN_SKOPEO. */
export async function checkSkopeo(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const bin = skopeoBinary(env);
  const r = await runProcess(bin, ['--version'], { env: skopeoEnv(env), timeoutMs: 10_000 });
  const out = r.stdout.toString('utf8').trim();
  if (r.exitCode !== 0 || r.timedOut) {
    const why = r.timedOut ? `timed out after 10 s: ${bin} --version` : r.message;
    throw new DigestpinError(
      'SKOPEO_MISSING',
      `skopeo is not usable (${bin}): ${why}`,
      INSTALL_HINT,
    );
  }
  const m = /version (\d+\.\d+(?:\.\d+)?)/.exec(out);
  if (!m?.[1])
    throw new DigestpinError(
      'SKOPEO_MISSING',
      `cannot read the skopeo version from "${out.trim()}"`,
      INSTALL_HINT,
    );
  if (compareVersions(m[1], MIN_SKOPEO) < 0)
    throw new DigestpinError(
      'SKOPEO_MISSING',
      `skopeo ${m[1]} is too old (need >= ${MIN_SKOPEO})`,
      INSTALL_HINT,
    );
  return m[1];
}

// Private temporary folders still to remove; removed on exit too, which is also how an
// interrupted run (src/interrupt.ts: SIGINT/SIGTERM/SIGHUP/SIGQUIT → process.exit) removes them.
const liveDirs = new Set<string>();
let exitHookInstalled = false;

function removeLiveDirs(): void {
  for (const d of liveDirs) fs.rmSync(d, { recursive: true, force: true });
  liveDirs.clear();
}

function installHandlers(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', removeLiveDirs);
}

/** Runs `fn` with a private temporary folder (mode 0700) that is always removed. */
async function withPrivateDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  installHandlers();
  // synchronous: a few microseconds each, and skopeo starts without waiting on the thread pool
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'digestpin-'));
  liveDirs.add(dir);
  try {
    fs.chmodSync(dir, 0o700);
    return await fn(dir);
  } finally {
    // synchronous too: a handful of small files, removed in well under a millisecond, where the
    // thread pool's round trips cost milliseconds at the end of every push
    fs.rmSync(dir, { recursive: true, force: true });
    liveDirs.delete(dir);
  }
}

/** Writes a containers auth.json (mode 0600) with one host's credentials; returns its path. */
export function writeAuthFile(dir: string, auth: SkopeoAuth, name = 'auth.json'): Promise<string> {
  const file = path.join(dir, name);
  const entry: Record<string, string> = {};
  if (auth.identityToken !== undefined) {
    entry.auth = Buffer.from(`${auth.username ?? '<token>'}:`).toString('base64');
    entry.identitytoken = auth.identityToken;
  } else {
    entry.auth = Buffer.from(`${auth.username ?? ''}:${auth.password ?? ''}`).toString('base64');
  }
  try {
    fs.writeFileSync(file, JSON.stringify({ auths: { [auth.host]: entry } }), {
      mode: 0o600,
      flag: 'wx',
    });
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
  return Promise.resolve(file);
}

/**
 * The environment skopeo runs with: only what it needs to find itself, its configuration, the
 * Docker daemon, proxies and certificates — not the caller's tokens and keys (GITHUB_TOKEN,
 * AWS_SECRET_ACCESS_KEY, …), which it never needs: credentials reach it in a 0600 auth file.
 */
const SKOPEO_ENV = new Set([
  'PATH',
  'HOME',
  'TMPDIR',
  'USER',
  'LANG',
  'LANGUAGE',
  'TZ',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'ALL_PROXY',
  'REGISTRY_AUTH_FILE',
  'XDG_RUNTIME_DIR',
  'XDG_CONFIG_HOME',
  'XDG_DATA_HOME',
  'DOCKER_CONFIG',
  'DOCKER_HOST',
  'DOCKER_CERT_PATH',
  'DOCKER_TLS_VERIFY',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
]);
const SKOPEO_ENV_PREFIXES = ['LC_', 'CONTAINERS_'];

export function skopeoEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const upper = name.toUpperCase();
    if (SKOPEO_ENV.has(upper) || SKOPEO_ENV_PREFIXES.some((p) => upper.startsWith(p)))
      out[name] = value;
  }
  return out;
}

function timeoutArg(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 1000))}s`;
}

async function runSkopeo(
  args: string[],
  opts: {
    env?: NodeJS.ProcessEnv;
    timeoutMs: number;
    signal?: AbortSignal;
    logger?: Logger;
    onSpawn?: (pid: number | undefined) => void;
    stall?: StallWatch;
  },
  errCtx: SkopeoErrorContext,
): Promise<Buffer> {
  const env = opts.env ?? process.env;
  opts.logger?.debug(`running ${skopeoBinary(env)} ${args.join(' ')}`);
  const stall = opts.stall;
  const stop = stall && new AbortController();
  let watching: NodeJS.Timeout | undefined;
  let stalled = false;
  // AbortSignal.any: no listener left on the push's own signal after this run
  const signal =
    stop && opts.signal
      ? AbortSignal.any([opts.signal, stop.signal])
      : (stop?.signal ?? opts.signal);
  let r: Awaited<ReturnType<typeof runProcess>>;
  try {
    r = await runProcess(
      skopeoBinary(env),
      ['--command-timeout', timeoutArg(opts.timeoutMs), ...args],
      {
        env: skopeoEnv(env),
        timeoutMs: opts.timeoutMs + 5_000,
        forceKillAfterMs: 2_000,
        ...(signal ? { signal } : {}),
        onSpawn: (pid) => {
          opts.onSpawn?.(pid);
          if (stall && stop)
            watching = watchForStall(stall, () => {
              stalled = true;
              stop.abort();
            });
        },
      },
    );
  } finally {
    clearInterval(watching);
  }
  if (stalled && stall) {
    // a copy that ended well as the watch stopped it stands
    if (r.exitCode === 0 && !r.timedOut) return r.stdout;
    opts.logger?.debug(`skopeo stopped: it moved no bytes for ${stall.ms} ms`);
    const { step, side } = stall.what();
    throw noBytesMoved(`${step}: `, stall.ms, side);
  }
  const stderr = r.stderr.toString('utf8');
  if (r.exitCode === 0 && !r.timedOut && !r.isCanceled) return r.stdout;
  if (r.isCanceled)
    throw new DigestpinError('INTERNAL', 'skopeo was cancelled', 'The run was interrupted.');
  if (r.timedOut)
    throw new DigestpinError(
      'TIMEOUT',
      `skopeo did not finish within ${timeoutArg(opts.timeoutMs)} (${errCtx.dest})`,
      timeoutHint(opts.timeoutMs),
    );
  if (r.errorCode === 'ENOENT')
    throw new DigestpinError(
      'SKOPEO_MISSING',
      `skopeo not found (${skopeoBinary(env)})`,
      INSTALL_HINT,
    );
  opts.logger?.debug(`skopeo stderr:\n${stderr}`);
  // An option this skopeo does not know: say it is too old (checkSkopeo throws then).
  if (/flag provided but not defined|unknown (flag|shorthand flag)/.test(stderr))
    await checkSkopeo(env);
  throw classifySkopeoError(stderr || r.message, { timeoutMs: opts.timeoutMs, ...errCtx });
}

/**
 * Copies that failed on a dropped connection (a reset in the middle of a blob upload, which the
 * relay cannot replay: the body is streamed), on a layer the registry lost track of between
 * skopeo's check and the manifest upload (racing pushes of the same image), on a read of a
 * docker:// source that its registry answered with a 5xx (skopeo 1.9 does not retry a 5xx), or
 * that were stopped because they moved no bytes for DIGESTPIN_STALL_MS (StallWatch) are run again,
 * up to COPY_RETRIES times after 1 s, then 2 s; blobs already uploaded are found by HEAD and
 * skipped, missing ones uploaded. Only those failures: skopeo's own --retry-times would also
 * repeat a whole copy after each of its 429 back-offs (3 × 20 s), and for the same reason a 429
 * of the source, which skopeo has already waited out, is not run again.
 */
const COPY_RETRIES = 2;
const DROPPED = /connection reset|broken pipe|use of closed network connection|unexpected eof/i;

/** A registry's 5xx in a skopeo failure (SERVER_ERROR). */
function serverFailure(err: DigestpinError): boolean {
  return err.code === 'REGISTRY_ERROR' && SERVER_ERROR.test(err.message);
}

/** A failure of skopeo's own upload straight to the registry that a new copy may get past. */
export function transientAnswer(err: unknown): boolean {
  if (!(err instanceof DigestpinError)) return false;
  return err.code === 'RATE_LIMITED' || serverFailure(err);
}

/** Whether a failed copy is worth running again (see COPY_RETRIES). */
export function worthCopyingAgain(err: unknown): boolean {
  if (!(err instanceof DigestpinError)) return false;
  if (err instanceof NoBytesMoved) return true;
  if (err.code === 'UNREACHABLE') return DROPPED.test(err.message);
  if (err instanceof SkopeoFailure && err.atSource && serverFailure(err)) return true;
  return err.code === 'REGISTRY_ERROR' && err.message.includes(MISSING_BLOB);
}

/**
 * Runs `run` (one skopeo run) again while `judge` says so, COPY_RETRIES times at most, after 1 s
 * then 2 s, warning with `what` ("copying", "reading"); `judge` also says what to report.
 */
async function runAgainWhile<T>(
  run: (attempt: number) => Promise<T>,
  judge: (err: unknown) => { again: boolean; error: unknown },
  what: string,
  o: { logger?: Logger; signal?: AbortSignal },
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run(attempt);
    } catch (err) {
      const { again, error } = judge(err);
      if (attempt >= COPY_RETRIES || o.signal?.aborted || !again) throw error;
      const wait = 1000 * 2 ** attempt;
      o.logger?.warn(
        `${error instanceof Error ? error.message : String(error)}; ${what} again (${attempt + 1}/${COPY_RETRIES}) in ${wait / 1000} s`,
      );
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/** A certificate file for a skopeo --*cert-dir: `*.crt` a CA, `*.cert` and `*.key` a client's. */
export interface CertFile {
  name: string;
  pem: string;
}

/** Writes `certs` to a new 0700 folder `name` in `dir` (skopeo's private folder); its path. */
function writeCertDir(dir: string, name: string, certs: CertFile[]): string {
  const folder = path.join(dir, name);
  fs.mkdirSync(folder, { mode: 0o700 });
  for (const c of certs)
    fs.writeFileSync(path.join(folder, path.basename(c.name)), c.pem, { mode: 0o600 });
  return folder;
}

/** The relay's host:port (in `dest`) and the registry host the user named (in `destLabel`). */
function relayHosts(opts: SkopeoCopyOptions): { relayHost?: string; destHost?: string } {
  if (!opts.destLabel || !opts.dest.startsWith('docker://')) return {};
  const relayHost = opts.dest.slice('docker://'.length).split('/')[0];
  const destHost = opts.destLabel.replace(/^docker:\/\//, '').split('/')[0];
  return relayHost && destHost && relayHost !== destHost ? { relayHost, destHost } : {};
}

/** `skopeo copy`; returns the digest skopeo wrote (the list digest with `all`). */
export async function skopeoCopy(opts: SkopeoCopyOptions): Promise<{ digest: string }> {
  return withPrivateDir(async (dir) => {
    const digestFile = path.join(dir, 'digest');
    const args = ['copy', '--quiet', '--format', opts.format, '--digestfile', digestFile];
    if (opts.platform)
      args.unshift(
        '--override-os',
        opts.platform.os,
        '--override-arch',
        opts.platform.architecture,
        ...(opts.platform.variant ? ['--override-variant', opts.platform.variant] : []),
      );
    if (opts.all) args.push('--all');
    args.push(`--dest-tls-verify=${String(opts.destTlsVerify)}`);
    if (opts.destCerts)
      args.push('--dest-cert-dir', writeCertDir(dir, 'dest-certs', opts.destCerts));
    if (opts.destAuth)
      args.push('--dest-authfile', await writeAuthFile(dir, opts.destAuth, 'dest-auth.json'));
    else if (opts.destNoCreds) args.push('--dest-no-creds');
    if (opts.srcTlsVerify !== undefined) args.push(`--src-tls-verify=${String(opts.srcTlsVerify)}`);
    if (opts.srcCerts) args.push('--src-cert-dir', writeCertDir(dir, 'src-certs', opts.srcCerts));
    if (opts.srcAuth)
      args.push('--src-authfile', await writeAuthFile(dir, opts.srcAuth, 'src-auth.json'));
    else if (opts.source.startsWith('docker://')) args.push('--src-no-creds');
    args.push(opts.source, opts.dest);
    await runAgainWhile(
      (attempt) =>
        runSkopeo(
          args,
          {
            env: opts.env,
            timeoutMs: opts.commandTimeout,
            signal: opts.signal,
            logger: opts.logger,
            onSpawn: (pid) => {
              opts.onProcess?.(pid);
              // only the first run: a copy run again has nothing left to overlap
              if (attempt === 0) opts.onSpawn?.();
            },
            ...(opts.stall && { stall: opts.stall }),
          },
          { source: opts.source, dest: opts.destLabel ?? opts.dest, ...relayHosts(opts) },
        ),
      (err) => opts.judge?.(err) ?? { again: worthCopyingAgain(err), error: err },
      'copying',
      opts,
    );
    const digest = (await fs.promises.readFile(digestFile, 'utf8')).trim();
    if (!/^sha256:[0-9a-f]{64}$/.test(digest))
      throw new DigestpinError('INTERNAL', `skopeo wrote an unexpected digest "${digest}"`);
    return { digest };
  });
}

export interface SkopeoInspectOptions {
  auth?: SkopeoAuth;
  tlsVerify?: boolean;
  /** Certificates skopeo trusts for the registry (--cert-dir), as SkopeoCopyOptions.destCerts. */
  certs?: CertFile[];
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** `--config`: print the image config instead of the manifest. */
  config?: boolean;
}

/** `skopeo inspect --raw [--config]`: the manifest (or config) bytes of an image, verbatim. */
export async function skopeoInspectRaw(ref: string, opts: SkopeoInspectOptions): Promise<Buffer> {
  return withPrivateDir(async (dir) => {
    const args = ['inspect', '--raw'];
    if (opts.config) args.push('--config');
    if (opts.tlsVerify !== undefined) args.push(`--tls-verify=${String(opts.tlsVerify)}`);
    if (opts.certs) args.push('--cert-dir', writeCertDir(dir, 'certs', opts.certs));
    if (opts.auth) args.push('--authfile', await writeAuthFile(dir, opts.auth));
    else if (ref.startsWith('docker://')) args.push('--no-creds');
    args.push(ref);
    // a read that meets a dropped connection or a 5xx, or that moves no byte for
    // DIGESTPIN_STALL_MS (skopeo sets no limit on it), is made again, as a copy is run again
    let moving: (() => number | undefined) | undefined;
    const stall: StallWatch = {
      ms: stallMs(opts.env ?? process.env),
      moved: () => moving?.(),
      what: () => ({ step: `reading the source ${ref}`, side: 'source' }),
    };
    return runAgainWhile(
      () =>
        runSkopeo(
          args,
          {
            env: opts.env,
            timeoutMs: opts.timeoutMs,
            logger: opts.logger,
            onSpawn: (pid) => (moving = pid === undefined ? undefined : processBytes(pid)),
            stall,
          },
          { source: ref, dest: ref, sourceSide: true },
        ),
      (err) => ({ again: worthCopyingAgain(err), error: err }),
      'reading',
      opts,
    );
  });
}
