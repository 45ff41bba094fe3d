/**
 * The push relay: a loopback HTTP registry front that skopeo pushes to, which forwards every
 * request to the real registry (bodies streamed, authenticated upstream here, so skopeo needs no
 * destination credentials) except the final manifest PUT by tag. That one is turned into a PUT by
 * digest, then `onTagPut` makes a fresh check of the tag and decides: write the tag now (the
 * check-to-write window is one round trip), answer success without writing (same image already
 * there), or refuse with TAG_INVALID so skopeo fails. This keeps "write the tag last, right after a
 * fresh check" (DESIGN.md) without a second copy of the image.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Logger } from '../../log.js';
import type { RegistryResponse } from '../../registry/http/keepalive.js';
import { DOCKER_MANIFEST } from '../../registry/media-types.js';

/** The real registry, as seen by the relay. */
export interface Upstream {
  /** Origin of the registry (`https://host`), to recognise absolute `Location` headers. */
  origin: string;
  /** One authenticated request; `path` starts with `/v2/` and keeps its query. */
  fetch(path: string, init: RequestInit & { duplex?: 'half' }): Promise<RegistryResponse>;
  /**
   * The `Authorization` value for a streamed request (blob bytes): those go through node:http
   * piping, about half the CPU of fetch with a web stream body. Without it, fetch is used.
   */
  authorization?(): Promise<string | undefined>;
  /**
   * Blob uploads go straight to the registry (upload `Location`s are left absolute): only for a
   * plain-HTTP registry that asks for no credentials, where the relay adds nothing but a hop.
   */
  directUploads?: () => Promise<boolean>;
}

export interface TagPut {
  repository: string;
  tag: string;
  digest: string;
  mediaType: string;
  bytes: Buffer;
}

export type TagDecision =
  { action: 'write' } | { action: 'skip'; digest: string } | { action: 'refuse'; message: string };

/** What happened to the tag; undefined until skopeo's tag PUT arrived. */
export type TagOutcome =
  | { kind: 'written'; digest: string }
  | { kind: 'skipped'; digest: string; ours: string }
  | { kind: 'refused'; message: string; ours: string }
  | { kind: 'failed'; error: unknown; ours?: string };

export interface RelayOptions {
  upstream: Upstream;
  /**
   * Basic credentials every request must carry (a one-time secret handed to skopeo in a 0600
   * auth file), so no other local process can use the relay's upstream credentials.
   */
  credentials?: { username: string; password: string };
  onTagPut: (put: TagPut) => Promise<TagDecision>;
  logger: Logger;
}

export interface Relay {
  /** `127.0.0.1:port`: push to `docker://<host>/<repository>:<tag>` with --dest-tls-verify=false. */
  host: string;
  outcome(): TagOutcome | undefined;
  /** The first error talking to the real registry, if any (reported instead of skopeo's 502). */
  upstreamError(): unknown;
  close(): Promise<void>;
}

const MANIFEST_PUT = /^\/v2\/(.+)\/manifests\/([^/?]+)$/;
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
const MAX_MANIFEST = 4 * 1024 * 1024;
const STREAM_IDLE_MS = 120_000;
const FOREIGN = '/_digestpin/foreign/';
const RETRY_THROUGH_FETCH = new Set([0, 401, 408, 429, 500, 502, 503, 504]);
const httpAgent = new http.Agent({ keepAlive: true });
const httpsAgent = new https.Agent({ keepAlive: true });

/** skopeo's request headers to send upstream: all but the hop-by-hop ones (and its Authorization). */
function forwardedHeaders(req: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined || HOP_BY_HOP.has(k)) continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function registryError(
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

async function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > limit) throw new Error(`manifest larger than ${limit} bytes`);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

export async function startRelay(opts: RelayOptions): Promise<Relay> {
  const { upstream, logger } = opts;
  const origin = new URL(upstream.origin).origin;
  let outcome: TagOutcome | undefined;
  let firstUpstreamError: unknown;

  async function sendUpstream(
    res: http.ServerResponse,
    up: RegistryResponse,
    method: string,
  ): Promise<void> {
    const headers: Record<string, string> = {};
    const directUpload = await uploadsDirect(up.headers.get('location'));
    const decoded = up.headers.has('content-encoding');
    up.headers.forEach((value, key) => {
      if (HOP_BY_HOP.has(key) || key === 'content-encoding') return;
      if (key === 'content-length' && decoded && method !== 'HEAD') return;
      if (key === 'location') {
        headers[key] = relayLocation(value, directUpload);
        return;
      }
      headers[key] = value;
    });
    res.writeHead(up.status, headers);
    if (!up.body || method === 'HEAD') {
      res.end();
      await up.body?.cancel();
      return;
    }
    await pipeline(Readable.fromWeb(up.body), res);
  }

  async function tagPut(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    repository: string,
    tag: string,
  ) {
    const bytes = await readBody(req, MAX_MANIFEST);
    const digest = `sha256:${crypto.createHash('sha256').update(bytes).digest('hex')}`;
    const mediaType = req.headers['content-type'] ?? DOCKER_MANIFEST;
    const put = (ref: string) =>
      upstream.fetch(`/v2/${repository}/manifests/${ref}`, {
        method: 'PUT',
        headers: { 'content-type': mediaType },
        body: bytes,
      });
    try {
      const byDigest = await put(digest);
      if (byDigest.status !== 201) {
        outcome = {
          kind: 'failed',
          ours: digest,
          error: new Error(`manifest PUT by digest: HTTP ${byDigest.status}`),
        };
        return await sendUpstream(res, byDigest, 'PUT');
      }
      await byDigest.body?.cancel();
      const decision = await opts.onTagPut({ repository, tag, digest, mediaType, bytes });
      if (decision.action === 'write') {
        const byTag = await put(tag);
        logger.debug(`relay: wrote tag ${tag} -> ${digest} (HTTP ${byTag.status})`);
        if (byTag.status === 201) {
          outcome = { kind: 'written', digest };
          return await sendUpstream(res, byTag, 'PUT');
        }
        // The registry's own words (ECR's immutable-tag TAG_INVALID) go into the error as well
        // as to skopeo, so push can tell a refused tag from a failed write.
        const body = Buffer.from(await byTag.arrayBuffer());
        outcome = {
          kind: 'failed',
          ours: digest,
          error: new Error(
            `manifest PUT by tag: HTTP ${byTag.status}: ${body.subarray(0, 2048).toString('utf8')}`,
          ),
        };
        // The body was read for the error above; skopeo gets the same bytes.
        const replay: RegistryResponse = {
          status: byTag.status,
          ok: byTag.ok,
          statusText: byTag.statusText,
          headers: byTag.headers,
          body: new Response(body).body,
          arrayBuffer: () => Promise.resolve(new Uint8Array(body).buffer),
        };
        return await sendUpstream(res, replay, 'PUT');
      }
      if (decision.action === 'skip') {
        outcome = { kind: 'skipped', digest: decision.digest, ours: digest };
        logger.debug(
          `relay: tag ${tag} already holds the same image (${decision.digest}); not written`,
        );
        res.writeHead(201, {
          location: `/v2/${repository}/manifests/${digest}`,
          'docker-content-digest': digest,
          'content-length': 0,
        });
        res.end();
        return;
      }
      outcome = { kind: 'refused', message: decision.message, ours: digest };
      registryError(res, 400, 'TAG_INVALID', decision.message);
    } catch (error) {
      outcome = { kind: 'failed', error, ours: digest };
      registryError(
        res,
        400,
        'TAG_INVALID',
        'digestpin relay: the tag check failed; tag not written',
      );
    }
  }

  /**
   * Sends the request over node:http(s) with the upstream's Authorization: the body (if any) is
   * piped straight through. Far cheaper than fetch per request and per byte.
   */
  function rawRequest(
    req: http.IncomingMessage,
    auth: string | undefined,
    withBody: boolean,
    target: URL = new URL(req.url ?? '/', origin),
  ): Promise<http.IncomingMessage> {
    const url = target;
    const headers: http.OutgoingHttpHeaders = forwardedHeaders(req);
    if (auth) headers.authorization = auth;
    const secure = url.protocol === 'https:';
    return new Promise<http.IncomingMessage>((resolve, reject) => {
      const out = (secure ? https : http).request(
        url,
        { method: req.method, headers, agent: secure ? httpsAgent : httpAgent },
        resolve,
      );
      out.on('error', reject);
      out.setTimeout(STREAM_IDLE_MS, () =>
        out.destroy(new Error(`no progress for ${STREAM_IDLE_MS / 1000} s`)),
      );
      if (withBody) {
        req.on('error', (err) => out.destroy(err));
        req.pipe(out);
      } else out.end();
    });
  }

  /** Answers skopeo with an upstream response from rawRequest. */
  async function sendRaw(res: http.ServerResponse, up: http.IncomingMessage): Promise<void> {
    const out: Record<string, string | string[]> = {};
    const directUpload = await uploadsDirect(up.headers.location);
    for (const [k, v] of Object.entries(up.headers)) {
      if (v === undefined || HOP_BY_HOP.has(k)) continue;
      out[k] = k === 'location' && typeof v === 'string' ? relayLocation(v, directUpload) : v;
    }
    res.writeHead(up.statusCode ?? 502, out);
    await pipeline(up, res);
  }

  /** Asked once, at the first upload location (the registry's auth is known by then). */
  let direct: Promise<boolean> | undefined;
  async function uploadsDirect(location: string | null | undefined): Promise<boolean> {
    if (!location?.includes('/blobs/uploads/') || !upstream.directUploads) return false;
    direct ??= upstream.directUploads();
    return direct;
  }

  function relayLocation(value: string, directUpload: boolean): string {
    const loc = new URL(value, origin);
    if (directUpload && loc.origin === origin && loc.pathname.includes('/blobs/uploads/'))
      return loc.href;
    // Keep skopeo talking to the relay: same-origin locations become relative; another origin
    // (uploads handed to a storage host) is reached through the relay too, so TLS is verified
    // here and never skipped by skopeo's --dest-tls-verify=false.
    if (loc.origin === origin) return `${loc.pathname}${loc.search}`;
    return `${FOREIGN}${Buffer.from(loc.origin).toString('base64url')}${loc.pathname}${loc.search}`;
  }

  /** A request to a foreign origin named by relayLocation: forwarded without our credentials. */
  async function foreign(req: http.IncomingMessage, res: http.ServerResponse, url: string) {
    const rest = url.slice(FOREIGN.length);
    const slash = rest.indexOf('/');
    const target = new URL(
      rest.slice(slash === -1 ? rest.length : slash) || '/',
      Buffer.from(rest.slice(0, slash === -1 ? rest.length : slash), 'base64url').toString(),
    );
    if (target.protocol !== 'https:' && target.protocol !== 'http:')
      return registryError(res, 400, 'UNSUPPORTED', 'digestpin relay: bad foreign location');
    const method = req.method ?? 'GET';
    return sendRaw(
      res,
      await rawRequest(req, undefined, method !== 'GET' && method !== 'HEAD', target),
    );
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    logger.debug(`relay: ${method} ${url}`);
    if (!authorized(req)) {
      req.resume();
      res.setHeader('www-authenticate', 'Basic realm="digestpin-relay"');
      registryError(res, 401, 'UNAUTHORIZED', 'authentication required');
      return;
    }
    if (url === '/v2/' || url === '/v2') {
      res.writeHead(200, {
        'docker-distribution-api-version': 'registry/2.0',
        'content-length': 0,
      });
      res.end();
      return;
    }
    if (url.startsWith(FOREIGN)) return foreign(req, res, url);
    const pathOnly = url.split('?')[0] ?? url;
    const m = MANIFEST_PUT.exec(pathOnly);
    if (method === 'PUT' && m?.[1] && m[2] && !m[2].includes(':'))
      return tagPut(req, res, m[1], m[2]);
    const length = req.headers['content-length'];
    const hasBody =
      method !== 'GET' &&
      method !== 'HEAD' &&
      (req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0'));
    if (upstream.authorization) {
      const auth = await upstream.authorization();
      if (hasBody) return sendRaw(res, await rawRequest(req, auth, true));
      // Body-less requests can be replayed: anything but a plain answer goes again through
      // fetch, which re-authenticates and retries 429/5xx with backoff.
      const up = await rawRequest(req, auth, false);
      if (!RETRY_THROUGH_FETCH.has(up.statusCode ?? 0)) return sendRaw(res, up);
      up.resume();
    }
    const up = await upstream.fetch(url, {
      method,
      headers: forwardedHeaders(req),
      ...(hasBody ? { body: Readable.toWeb(req), duplex: 'half' as const } : {}),
      redirect: 'manual',
    });
    await sendUpstream(res, up, method);
  }

  const expected = opts.credentials
    ? Buffer.from(
        `Basic ${Buffer.from(`${opts.credentials.username}:${opts.credentials.password}`).toString('base64')}`,
      )
    : undefined;
  function authorized(req: http.IncomingMessage): boolean {
    if (!expected) return true;
    const got = Buffer.from(req.headers.authorization ?? '');
    return got.length === expected.length && crypto.timingSafeEqual(got, expected);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      logger.debug(
        `relay: ${req.method} ${req.url} failed: ${err instanceof Error ? err.message : String(err)}`,
      );
      firstUpstreamError ??= err;
      if (!res.headersSent)
        registryError(res, 502, 'UNKNOWN', 'digestpin relay: upstream request failed');
      else res.destroy();
      if (outcome === undefined && err instanceof Error && /manifest/.test(req.url ?? ''))
        outcome = { kind: 'failed', error: err };
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    outcome: () => outcome,
    upstreamError: () => firstUpstreamError,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
