/**
 * How the relay forwards one of skopeo's requests to the registry: over kept-alive node:http(s)
 * with the upstream's Authorization, bodies piped with back-pressure and never buffered.
 * Requests without a body can be sent again: a reset, 429 or 502/503/504 is retried here with the
 * registry client's bounded backoff. A request whose body was streamed cannot: its failure is
 * recorded (as a `RelayFault`) so that the push runs the copy again, which uploads only what the
 * registry lacks. Upload `Location`s are rewritten so that skopeo keeps talking to the relay — or,
 * for blob uploads that go straight to the registry, left absolute on the registry's own origin.
 */
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Logger } from '../../log.js';
import { DigestpinError } from '../../errors.js';
import { registryError } from '../../registry/failures.js';
import { manifestBlobs } from '../../registry/manifest.js';
import { BODY_LIMITS, backoffMs, errorCode, retryAfterMs } from '../../registry/http/transport.js';
import type { RegistryResponse } from '../../registry/http/keepalive.js';
import { NoBytesMoved, noBytesMoved } from '../skopeo-errors.js';

/** The real registry, as seen by the relay. */
export interface Upstream {
  /** Origin of the registry (`https://host`), to recognise absolute `Location` headers. */
  origin: string;
  /** One authenticated request through the registry client (re-authenticates, retries). */
  fetch(path: string, init: RequestInit & { duplex?: 'half' }): Promise<RegistryResponse>;
  /**
   * The `Authorization` value for requests the relay sends itself over node:http(s), which verifies
   * certificates and knows no proxy. Without it (a registry whose certificate is not verified, or
   * one reached through a proxy) every request goes through `fetch`, blob bodies streamed.
   */
  authorization?(): Promise<string | undefined>;
  /**
   * Blob uploads go straight to the registry (upload `Location`s are left absolute): for a
   * plain-HTTP registry that asks for no credentials, where the relay adds nothing but a hop, and
   * for an HTTPS registry that skopeo verifies and authenticates to itself (relayed-push.ts).
   */
  directUploads?: () => Promise<boolean>;
}

/** A request of skopeo's that failed upstream for good (after the relay's own retries). */
export interface RelayFault {
  /** What the request was for (`upload start (POST)`, `blob upload (PATCH)`, …). */
  step: string;
  status?: number;
  registryError?: { code: string; message: string };
  /** A network failure (reset, refused, timeout). */
  error?: unknown;
  /** Whether the relay could (and did) send it again; false for a streamed body. */
  replayable: boolean;
  retryAfterMs?: number;
}

export interface RetrySettings {
  retries: number;
  retryBaseMs: number;
  retryAfterCapMs: number;
}

/** What a request is for, in the words an error message uses. */
export function stepOf(method: string, pathname: string): string {
  if (pathname.includes('/blobs/uploads/')) {
    if (method === 'POST') return 'upload start (POST)';
    if (method === 'PATCH') return 'blob upload (PATCH)';
    if (method === 'PUT') return 'upload finish (PUT)';
    return `upload status (${method})`;
  }
  if (pathname.includes('/blobs/')) return `blob check (${method})`;
  if (pathname.includes('/manifests/'))
    return method === 'PUT' ? 'manifest PUT by digest' : `manifest check (${method})`;
  return `${method} ${pathname}`;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'host',
  'te',
  'trailer',
  'authorization',
]);
// the statuses the registry client retries (transport.ts)
const TRANSIENT_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const TRANSIENT_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET']);
// the registry client's caps (transport.ts): an error answer kept, a manifest read whole (up to
// distribution's own limit)
const MAX_ERROR_BODY = BODY_LIMITS.error;
export const MAX_MANIFEST = BODY_LIMITS.manifest;
const FOREIGN = '/_digestpin/foreign/';
/** Socket buffers for blob bytes: fewer, larger reads and writes than the 16 KiB default. */
export const RELAY_BUFFER = 1024 * 1024;
const AGENT = { keepAlive: true, maxSockets: 32, highWaterMark: RELAY_BUFFER };
let agents: { 'http:': http.Agent; 'https:': https.Agent } | undefined;
/**
 * Kept-alive agents, made on first use. The https one shares one TLS context: without it every
 * new connection builds its own (and loads the root certificates again).
 */
function agentFor(protocol: string): http.Agent {
  agents ??= {
    'http:': new http.Agent(AGENT),
    'https:': new https.Agent({ ...AGENT, secureContext: tls.createSecureContext() }),
  };
  return protocol === 'https:' ? agents['https:'] : agents['http:'];
}

/** skopeo's request headers to send upstream: all but the hop-by-hop ones (and its Authorization). */
export function forwardedHeaders(req: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined || HOP_BY_HOP.has(k)) continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** Answers with a distribution error body. */
export function registryErrorResponse(
  res: http.ServerResponse,
  status: number,
  code: string,
  message: string,
): void {
  const body = JSON.stringify({ errors: [{ code, message }] });
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

export function hasBody(req: http.IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (
    req.method !== 'GET' &&
    req.method !== 'HEAD' &&
    (req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0'))
  );
}

export class Forwarder {
  /** Origins of upload locations the registry handed out on another host (storage), by id. */
  private readonly foreign = new Map<string, string>();
  private direct: Promise<boolean> | undefined;
  /** Blob bytes go straight to the registry (known from the first upload location on). */
  goesDirect = false;
  private sent = 0;
  readonly origin: string;

  constructor(
    private readonly upstream: Upstream,
    private readonly retry: RetrySettings,
    private readonly logger: Logger,
    private readonly onFault: (fault: RelayFault) => void,
    private readonly onBlob?: (digest: string, uploaded: boolean) => void,
    /** A request to the registry that sends and receives nothing this long is ended (DIGESTPIN_STALL_MS). */
    private readonly idleMs = 120_000,
  ) {
    this.origin = new URL(upstream.origin).origin;
  }

  /**
   * Opens a kept-alive connection to the registry (and builds the TLS context) while skopeo
   * starts, so that skopeo's first request does not wait for a handshake: one unauthenticated
   * `GET /v2/`, its answer (200 or 401) thrown away. Only where the relay sends its own requests.
   */
  warm(): void {
    if (!this.upstream.authorization) return;
    const url = new URL('/v2/', this.origin);
    const req = (url.protocol === 'https:' ? https : http).request(
      url,
      { method: 'GET', agent: agentFor(url.protocol) },
      (res) => res.resume(),
    );
    req.on('error', (err) => this.logger.debug(`relay: warming ${url.origin}: ${err.message}`));
    req.setTimeout(this.idleMs, () => req.destroy());
    req.end();
  }

  /** Blob and manifest bytes forwarded so far (request bodies). */
  bytesSent(): number {
    return this.sent;
  }

  /** The registry URL for a relay path, or undefined for a foreign id the relay never issued. */
  target(pathAndQuery: string): URL | undefined {
    if (!pathAndQuery.startsWith(FOREIGN)) return new URL(pathAndQuery, this.origin);
    const rest = pathAndQuery.slice(FOREIGN.length);
    const slash = rest.indexOf('/');
    if (slash <= 0) return undefined;
    const origin = this.foreign.get(rest.slice(0, slash));
    // concatenated, not resolved: a path like `//host/…` must stay a path on that origin
    return origin ? new URL(`${origin}${rest.slice(slash)}`) : undefined;
  }

  /** Forwards one request to `target` and answers skopeo with the registry's answer. */
  async forward(req: http.IncomingMessage, res: http.ServerResponse, target: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const step = stepOf(method, target.pathname);
    const own = target.origin === this.origin;
    // a manifest (small, bounded) is read whole so that it can be sent again; blob bytes stream
    const whole =
      hasBody(req) && target.pathname.includes('/manifests/')
        ? await readWhole(req, MAX_MANIFEST)
        : undefined;
    const streamed = whole === undefined && hasBody(req);
    if (own && !this.upstream.authorization)
      return this.viaClient(req, res, target, step, whole, streamed);
    for (let n = 0; ; n++) {
      const auth = own ? await this.upstream.authorization?.() : undefined;
      let up: http.IncomingMessage;
      try {
        up = await this.send(req, target, auth, streamed, whole);
      } catch (error) {
        const code = errorCode(error);
        // a request without a streamed body that stalled (DIGESTPIN_STALL_MS) is sent again too
        const stalled = error instanceof NoBytesMoved;
        if (
          !streamed &&
          n < this.retry.retries &&
          (stalled || (code && TRANSIENT_CODES.has(code)))
        ) {
          await this.pause(
            n,
            undefined,
            `${method} ${target.pathname}: ${stalled ? 'no answer' : code}`,
          );
          continue;
        }
        this.onFault({ step, error, replayable: !streamed });
        throw error;
      }
      const status = up.statusCode ?? 502;
      if (status === 401 && own && !streamed) {
        // a token that expired: the client learns the challenge again and sends it once more
        up.resume();
        return this.viaClient(req, res, target, step, whole);
      }
      if (!TRANSIENT_STATUS.has(status)) {
        this.notice(method, target, status, whole);
        return this.answer(res, up);
      }
      const wait = retryAfterMs(header(up, 'retry-after'));
      const body = await readCapped(up);
      if (!streamed && n < this.retry.retries && (wait ?? 0) <= this.retry.retryAfterCapMs) {
        await this.pause(n, wait, `${method} ${target.pathname}: HTTP ${status}`);
        continue;
      }
      this.onFault({
        step,
        status,
        replayable: !streamed,
        ...(wait !== undefined && { retryAfterMs: wait }),
        ...(registryError(body) && { registryError: registryError(body) }),
      });
      res.writeHead(status, this.responseHeaders(up, body.length));
      res.end(body);
      return;
    }
  }

  /**
   * Tells of a blob now in the registry: an upload finished, a blob check found it, or a manifest
   * the registry took names it — the only word of a blob skopeo uploaded straight to the
   * registry (its listener counts a blob once, so the ones told of before are not counted again).
   */
  private notice(method: string, target: URL, status: number, manifest?: Buffer): void {
    if (!this.onBlob) return;
    if (method === 'PUT' && status === 201 && target.pathname.includes('/blobs/uploads/')) {
      const digest = target.searchParams.get('digest');
      if (digest) this.onBlob(digest, true);
    } else if (method === 'HEAD' && status === 200) {
      const m = /\/blobs\/(sha256:[0-9a-f]{64})$/.exec(target.pathname);
      if (m?.[1]) this.onBlob(m[1], false);
    } else if (method === 'PUT' && status === 201 && manifest) this.manifestTaken(manifest);
  }

  /** The registry took this manifest: every blob it names is there. */
  manifestTaken(manifest: Buffer): void {
    if (this.onBlob) for (const digest of manifestBlobs(manifest)) this.onBlob(digest, true);
  }

  private async pause(n: number, asked: number | undefined, what: string): Promise<void> {
    const wait = Math.max(asked ?? 0, backoffMs(n, this.retry.retryBaseMs, Math.random));
    this.logger.debug(
      `relay: ${what}; retry ${n + 1}/${this.retry.retries} in ${Math.round(wait)} ms`,
    );
    await new Promise((r) => setTimeout(r, wait));
  }

  private send(
    req: http.IncomingMessage,
    url: URL,
    auth: string | undefined,
    withBody: boolean,
    whole?: Buffer,
  ): Promise<http.IncomingMessage> {
    const headers: http.OutgoingHttpHeaders = forwardedHeaders(req);
    if (auth) headers.authorization = auth;
    const secure = url.protocol === 'https:';
    return new Promise<http.IncomingMessage>((resolve, reject) => {
      const out = (secure ? https : http).request(
        url,
        { method: req.method, headers, agent: agentFor(url.protocol) },
        resolve,
      );
      out.on('error', reject);
      out.setTimeout(this.idleMs, () =>
        out.destroy(
          // the registry waits for more of a body skopeo does not send: not the registry's stall
          withBody && !req.readableEnded && !out.writableNeedDrain
            ? noBytesMoved('skopeo sent no more of the blob: ', this.idleMs, 'source')
            : noBytesMoved('', this.idleMs, 'destination'),
        ),
      );
      if (withBody) {
        req.on('error', (err) => out.destroy(err));
        // counted for the progress lines: one addition per chunk, nothing else
        req.on('data', (chunk: Buffer) => (this.sent += chunk.length));
        req.pipe(out);
      } else out.end(whole);
    });
  }

  /** A body-less request through the registry client, which re-authenticates after a 401. */
  private async viaClient(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    target: URL,
    step: string,
    whole?: Buffer,
    streamed = false,
  ): Promise<void> {
    const method = req.method ?? 'GET';
    if (streamed) req.on('data', (chunk: Buffer) => (this.sent += chunk.length));
    const up = await this.upstream
      .fetch(`${target.pathname}${target.search}`, {
        method,
        headers: forwardedHeaders(req),
        redirect: 'manual',
        ...(whole && { body: whole }),
        ...(streamed && {
          body: Readable.toWeb(req),
          duplex: 'half' as const,
        }),
      })
      .catch((error: unknown) => {
        this.onFault({ step, error, replayable: !streamed });
        throw error;
      });
    const headers: Record<string, string> = {};
    const decoded = up.headers.has('content-encoding');
    const location = up.headers.get('location');
    const direct = await this.uploadsDirect(location);
    up.headers.forEach((value, key) => {
      if (HOP_BY_HOP.has(key) || key === 'content-encoding') return;
      if (key === 'content-length' && decoded && method !== 'HEAD') return;
      headers[key] = key === 'location' ? this.relayLocation(value, direct) : value;
    });
    res.writeHead(up.status, headers);
    this.notice(method, target, up.status, whole);
    if (!up.body || method === 'HEAD') {
      res.end();
      await up.body?.cancel();
      return;
    }
    res.end(Buffer.from(await up.arrayBuffer()));
  }

  private async answer(res: http.ServerResponse, up: http.IncomingMessage): Promise<void> {
    const direct = await this.uploadsDirect(header(up, 'location'));
    res.writeHead(up.statusCode ?? 502, this.responseHeaders(up, undefined, direct));
    await pipeline(up, res);
  }

  private responseHeaders(
    up: http.IncomingMessage,
    length: number | undefined,
    direct = false,
  ): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(up.headers)) {
      if (v === undefined || HOP_BY_HOP.has(k)) continue;
      out[k] = k === 'location' && typeof v === 'string' ? this.relayLocation(v, direct) : v;
    }
    if (length !== undefined) out['content-length'] = String(length);
    return out;
  }

  /** Asked once, at the first upload location (the registry's auth is known by then). */
  private uploadsDirect(location: string | undefined | null): Promise<boolean> {
    if (!location?.includes('/blobs/uploads/') || !this.upstream.directUploads)
      return Promise.resolve(false);
    // a failure (the registry's token, say) is not kept: the next upload location asks again
    this.direct ??= this.upstream.directUploads().then(
      (yes) => (this.goesDirect = yes),
      (err: unknown) => {
        this.direct = undefined;
        throw err;
      },
    );
    return this.direct;
  }

  /**
   * Keeps skopeo talking to the relay: a location on the registry becomes a relay path; any other
   * (uploads handed to a storage host, or a path that would leave the registry, like `//host/…`)
   * is reached through the relay too, under an id only the relay issues, and without the
   * registry's credentials — so skopeo never takes the relay's secret to another host, and TLS
   * is verified here, never skipped by skopeo's --dest-tls-verify=false.
   */
  relayLocation(value: string, directUpload = false): string {
    const loc = new URL(value, this.origin);
    const ownPath = loc.origin === this.origin && loc.pathname.startsWith('/v2/');
    if (directUpload && ownPath && loc.pathname.includes('/blobs/uploads/')) return loc.href;
    if (ownPath) return `${loc.pathname}${loc.search}`;
    if (loc.protocol !== 'https:' && loc.protocol !== 'http:')
      throw new DigestpinError(
        'REGISTRY_ERROR',
        `the registry handed out an upload location that is not HTTP: ${value}`,
        'The registry answered in a way digestpin cannot follow: ask its operators.',
      );
    const id = Buffer.from(loc.origin).toString('base64url');
    this.foreign.set(id, loc.origin);
    return `${FOREIGN}${id}${loc.pathname}${loc.search}`;
  }
}

function header(up: http.IncomingMessage, name: string): string | null {
  const v = up.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? null;
}

async function readCapped(up: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of up) {
    const b = chunk as Buffer;
    if (size < MAX_ERROR_BODY) chunks.push(b);
    size += b.length;
  }
  return Buffer.concat(chunks).subarray(0, MAX_ERROR_BODY);
}

/** A request body read whole, refused past `limit` bytes (manifests only: blobs stream). */
export async function readWhole(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  // read to the end (what is past the limit is dropped), so that skopeo still gets an answer
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size <= limit) chunks.push(b);
  }
  if (size > limit)
    throw new DigestpinError(
      'INVALID_INPUT',
      `the manifest is ${size} bytes, over the ${limit} bytes registries take`,
      'Registries (distribution, ECR) refuse a manifest this large: push fewer platforms or layers in one image.',
    );
  return Buffer.concat(chunks);
}
