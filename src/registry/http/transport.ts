/**
 * One HTTP exchange with a registry, made robust: a timeout on every attempt, bounded retries
 * with exponential backoff and jitter on 408/429/5xx and connection resets, `Retry-After`
 * honoured up to a cap. Network failures become DigestpinErrors that say which failure it was.
 */
import { DigestpinError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { routedFetch } from './dispatcher.js';
import {
  BodyTooLarge,
  headerRecord,
  keepAliveRequest,
  readCapped,
  type RegistryResponse,
} from './keepalive.js';
import { proxyFor } from './proxy.js';

export interface TransportOptions {
  timeoutMs: number;
  retries: number;
  /** First backoff delay; doubles per retry (with jitter), capped at 8 s. */
  retryBaseMs: number;
  /** Longest `Retry-After` we wait for; a longer one ends the retries at once. */
  retryAfterCapMs: number;
  logger: Logger;
  /** HTTPS_PROXY / HTTP_PROXY / NO_PROXY are read from it (http/proxy.ts); none without it. */
  env?: NodeJS.ProcessEnv;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface Exchange {
  res: RegistryResponse;
  /** The whole body, when it was asked for (read within the same timeout). */
  body?: Buffer;
  attempts: number;
  /** Set when the registry asked to wait longer than the cap (ms). */
  retryAfterMs?: number;
}

const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED']);
/** What an attempt throws when its timer fired. */
class AttemptTimeout extends Error {}

/** The first `code` found on an error, its causes, or the errors of an AggregateError. */
export function errorCode(err: unknown, depth = 0): string | undefined {
  if (!err || typeof err !== 'object' || depth > 5) return undefined;
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string') return e.code;
  const fromCause = errorCode(e.cause, depth + 1);
  if (fromCause) return fromCause;
  if (Array.isArray(e.errors))
    for (const x of e.errors as unknown[]) {
      const c = errorCode(x, depth + 1);
      if (c) return c;
    }
  return undefined;
}

/** Turns a failed fetch into UNREACHABLE or TIMEOUT, naming the cause. */
export function networkError(err: unknown, host: string, timeoutMs: number): DigestpinError {
  if (err instanceof AttemptTimeout)
    return new DigestpinError(
      'TIMEOUT',
      `${host}: no response within ${timeoutMs} ms (timeout)`,
      'The registry or the network is slow or stalled; re-run, or raise DIGESTPIN_TIMEOUT_MS.',
    );
  const code = errorCode(err) ?? 'unknown';
  const detail = err instanceof Error ? (errorMessage(err) ?? err.message) : String(err);
  const make = (why: string, hint: string) =>
    new DigestpinError('UNREACHABLE', `${host}: ${why} (${code})`, hint, { cause: err });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME')
    return make(
      'DNS lookup failed: the host name does not resolve',
      'Check the registry host name for typos and that this machine can resolve it (DNS, VPN, proxy).',
    );
  if (code === 'ECONNREFUSED')
    return make(
      'connection refused: nothing listens on that address and port',
      'Check that the registry is running and the port is right.',
    );
  if (code === 'EPROTO' || /wrong version number|packet length too long/i.test(detail))
    return make(
      'TLS handshake failed: the server does not speak TLS on this port',
      'If the registry serves plain HTTP, pass --insecure.',
    );
  if (/CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_(VERIFY|GET)/.test(code))
    return make(
      `TLS certificate error: ${detail}`,
      'The registry certificate is not trusted here: add its CA with NODE_EXTRA_CA_CERTS=ca.pem, or fix the certificate.',
    );
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT')
    return new DigestpinError(
      'TIMEOUT',
      `${host}: connecting timed out (${code})`,
      'A firewall may drop the traffic; check the host, the port and the network path.',
      { cause: err },
    );
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return make('no route to the host', 'Check the network path to the registry (VPN, firewall).');
  if (RESET_CODES.has(code))
    return make(
      'the connection was reset repeatedly',
      'The registry or a proxy drops connections; re-run, and check proxies and load balancers.',
    );
  return make(`request failed: ${detail}`, 'Check the registry address and the network.');
}

/** Failures that mean "a connection was made, TLS was not spoken there" (the rest: no server). */
const NO_SERVER = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * Whether an HTTPS attempt that failed with `err` (a DigestpinError from exchange) may be tried
 * again over plain HTTP by a host that allows it: the server answered, but not with TLS (as
 * containers/image falls back after a failed https ping when TLS verification is off).
 */
export function mayFallBackToHttp(err: unknown): boolean {
  if (!(err instanceof DigestpinError) || err.code !== 'UNREACHABLE') return false;
  const code = errorCode(err.cause);
  return code === undefined || !NO_SERVER.has(code);
}

/** An answer past its cap: exit 5, naming the host (not retried: it would be read again). */
function bodyTooLarge(host: string, kind: BodyKind, err: BodyTooLarge): DigestpinError {
  return new DigestpinError(
    'REGISTRY_ERROR',
    `${host}: the answer to a ${kind} request is longer than ${sizeText(err.limit)}; stopped reading it`,
    `A manifest is at most ${sizeText(BODY_LIMITS.manifest)} (the distribution registry's own limit), a token or an error answer far less: ${host} sends an oversized or endless body. Check that the image reference names the registry you mean.`,
    { cause: err },
  );
}

/** A network failure through a proxy says so, naming the proxy's host (never its credentials). */
function throughProxy(err: DigestpinError, proxy: string | undefined): DigestpinError {
  if (!proxy) return err;
  const via = new URL(proxy).host;
  return new DigestpinError(
    err.code,
    `${err.message}, through the proxy ${via}`,
    `${err.hint} The request went through the proxy ${via} (HTTPS_PROXY/HTTP_PROXY); check that it runs and lets the registry through, or exempt the host with NO_PROXY.`,
    { cause: err.cause },
  );
}

function errorMessage(err: Error): string | undefined {
  const c = err.cause;
  return c instanceof Error ? c.message : undefined;
}

/** `Retry-After` in milliseconds: delta-seconds or an HTTP date. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Exponential backoff with jitter: base·2ⁿ capped at 8 s, scaled by a factor in [0.5, 1). */
export function backoffMs(n: number, base: number, random: () => number): number {
  return Math.min(base * 2 ** n, 8000) * (0.5 + random() / 2);
}

/**
 * The most bytes read of an answer's body, per kind: a manifest 4 MiB (what the distribution
 * registry accepts), a blob read whole (an image config) 16 MiB, a token 256 KiB, the ping and
 * any error answer 64 KiB. Past it the request fails (REGISTRY_ERROR, exit 5) naming the host:
 * a host named by an image must not make digestpin read an endless body into memory.
 */
export const BODY_LIMITS = {
  manifest: 4 * 1024 * 1024,
  blob: 16 * 1024 * 1024,
  token: 256 * 1024,
  ping: 64 * 1024,
  error: 64 * 1024,
} as const;
export type BodyKind = keyof typeof BODY_LIMITS;

/** The cap for an answer of `status` to a request for `kind`: errors get the error cap. */
export function bodyLimit(kind: BodyKind, status: number): number {
  return status >= 200 && status <= 299 ? BODY_LIMITS[kind] : BODY_LIMITS.error;
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MiB` : `${bytes / 1024} KiB`;
}

/** How one request reaches its host. */
export interface Route {
  /** The host allows an unverified certificate (--insecure, loopback). */
  unverifiedTls?: boolean;
  /** The proxy to go through (http/proxy.ts decides), or undefined for a direct connection. */
  proxy?: string;
  /** What a body read whole is (its cap: BODY_LIMITS); `ping` when not said. */
  kind?: BodyKind;
}

async function attempt(
  url: string,
  init: RequestInit,
  timeoutMs: number,
  readBody: boolean,
  route: Route,
): Promise<{ res: RegistryResponse; body?: Buffer }> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(new AttemptTimeout()), timeoutMs);
  const signal = init.signal ? AbortSignal.any([ctrl.signal, init.signal]) : ctrl.signal;
  try {
    const method = init.method ?? 'GET';
    // HEADs, GETs read whole and PUTs of in-memory bytes over kept-alive node:http (http/keepalive.ts);
    // the rest (streamed bodies, redirects) through fetch
    const unverified = Boolean(route.unverifiedTls) && url.startsWith('https:');
    const headers = headerRecord(init.headers);
    const kind = route.kind ?? 'ping';
    const maxBytes = (status: number) => bodyLimit(kind, status);
    // through a proxy: undici's ProxyAgent for every request (node:http has no proxy support)
    if (route.proxy) {
      const res = await routedFetch(
        url,
        { ...init, signal },
        { unverifiedTls: unverified, proxy: route.proxy },
      );
      return readBody ? { res, body: await readCapped(res, maxBytes(res.status)) } : { res };
    }
    const light =
      method === 'HEAD' || (method === 'GET' && readBody && init.body == null)
        ? await keepAliveRequest(url, method, headers, signal, undefined, {
            unverifiedTls: unverified,
            maxBytes,
          })
        : method === 'PUT' && init.body instanceof Uint8Array
          ? await keepAliveRequest(url, method, headers, signal, init.body, {
              unverifiedTls: unverified,
              maxBytes,
            })
          : undefined;
    if (light) return readBody ? light : { res: light.res };
    const res = unverified
      ? await routedFetch(url, { ...init, signal }, { unverifiedTls: true })
      : await fetch(url, { ...init, signal });
    if (!readBody) return { res };
    return { res, body: await readCapped(res, maxBytes(res.status)) };
  } catch (err) {
    if (ctrl.signal.aborted) throw new AttemptTimeout('timeout');
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Sends `init` to `url`, retrying when that is safe (`replayable`: the body can be sent again).
 * Returns the last response whatever its status; throws only for network failures.
 */
export async function exchange(
  url: string,
  init: RequestInit,
  o: TransportOptions,
  flags: { replayable: boolean; readBody: boolean; host: string } & Route,
): Promise<Exchange> {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = o.random ?? Math.random;
  const method = init.method ?? 'GET';
  const route: Route = { ...flags, proxy: o.env ? proxyFor(url, o.env) : undefined };
  for (let n = 0; ; n++) {
    const canRetry = flags.replayable && n < o.retries;
    const started = Date.now();
    let r: { res: RegistryResponse; body?: Buffer };
    try {
      r = await attempt(url, init, o.timeoutMs, flags.readBody, route);
    } catch (err) {
      if (err instanceof BodyTooLarge) throw bodyTooLarge(flags.host, route.kind ?? 'ping', err);
      const code = errorCode(err);
      if (canRetry && code && RESET_CODES.has(code)) {
        const wait = backoffMs(n, o.retryBaseMs, random);
        o.logger.debug(
          `${method} ${url}: ${code}; retry ${n + 1}/${o.retries} in ${Math.round(wait)} ms`,
        );
        await sleep(wait);
        continue;
      }
      throw throughProxy(networkError(err, flags.host, o.timeoutMs), route.proxy);
    }
    const { status } = r.res;
    o.logger.debug(`${method} ${url} → ${status} (${Date.now() - started} ms)`);
    if (!RETRY_STATUS.has(status) || !canRetry) return { ...r, attempts: n + 1 };
    const asked = retryAfterMs(r.res.headers.get('retry-after'));
    if (asked !== undefined && asked > o.retryAfterCapMs)
      return { ...r, attempts: n + 1, retryAfterMs: asked };
    if (!flags.readBody) await r.res.body?.cancel().catch(() => undefined);
    const wait = Math.max(asked ?? 0, backoffMs(n, o.retryBaseMs, random));
    o.logger.debug(
      `${status} from ${flags.host}; retry ${n + 1}/${o.retries} in ${Math.round(wait)} ms`,
    );
    await sleep(wait);
  }
}
