/**
 * HEAD (and small GET) requests over kept-alive connections. Node's fetch (undici) closes the connection after
 * every HEAD (it cannot tell whether a server will send a body anyway), so 200 HEADs cost 200 TCP
 * connects — and against a real registry 200 TLS handshakes. node:http with a keep-alive agent
 * reuses them (docs/decisions/pipelining.md has the measurement). Redirects are left to fetch (the
 * caller falls back to it). The answer is a small fetch-like response, not a fetch `Response`:
 * touching `Headers` or `Response` loads Node's bundled undici, a start-up cost that `verify` and
 * the push's tag check then never pay (docs/decisions/lazy-loading.md).
 */
import http from 'node:http';
import https from 'node:https';

/**
 * An answer's body was longer than the caller reads (http/transport.ts BODY_LIMITS): reading
 * stopped there and the connection was closed.
 */
export class BodyTooLarge extends Error {
  readonly code = 'EBODYTOOLARGE';
  constructor(readonly limit: number) {
    super(`the answer's body is longer than ${limit} bytes`);
  }
}

/** The whole body of a fetch response, or BodyTooLarge once more than `limit` bytes arrived. */
export async function readCapped(res: RegistryResponse, limit: number): Promise<Buffer> {
  if (Number(res.headers.get('content-length') ?? 0) > limit) {
    await res.body?.cancel().catch(() => undefined);
    throw new BodyTooLarge(limit);
  }
  const reader = (res.body as ReadableStream<Uint8Array> | null)?.getReader();
  if (!reader) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let read = 0;
  for (;;) {
    const next = (await reader.read()) as { done: boolean; value?: Uint8Array };
    if (next.done || !next.value) break;
    const value = next.value;
    read += value.length;
    if (read > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64, timeout: 30_000 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64, timeout: 30_000 }),
  /** --insecure and loopback hosts: TLS without certificate verification. */
  unverified: new https.Agent({
    keepAlive: true,
    maxSockets: 64,
    timeout: 30_000,
    rejectUnauthorized: false,
  }),
};

/** The part of fetch's `Headers` the registry code reads (a `Headers` is one). */
export interface ResponseHeaders {
  get(name: string): string | null;
  has(name: string): boolean;
  forEach(fn: (value: string, name: string) => void): void;
}

/** The part of fetch's `Response` the registry code reads (a `Response` is one). */
export interface RegistryResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly statusText: string;
  readonly headers: ResponseHeaders;
  readonly body: Response['body'];
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Request headers as a plain record with lower-case names, from any fetch `HeadersInit`. */
export function headerRecord(init: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!init) return out;
  const add = (name: string, value: string) => {
    const key = name.toLowerCase();
    out[key] = key in out ? `${out[key]}, ${value}` : value;
  };
  if (Array.isArray(init)) for (const [name, value] of init) add(name, value);
  else if (typeof (init as Headers).forEach === 'function')
    (init as Headers).forEach((value, name) => add(name, value));
  else
    for (const [name, value] of Object.entries(init) as [string, unknown][])
      for (const v of Array.isArray(value) ? (value as unknown[]) : [value]) add(name, String(v));
  return out;
}

/** Response headers as fetch's `Headers` shows them: names lower-case, iterated sorted. */
class HeadHeaders implements ResponseHeaders {
  constructor(private readonly raw: http.IncomingHttpHeaders) {}

  get(name: string): string | null {
    const v = this.raw[name.toLowerCase()];
    if (v === undefined) return null;
    return Array.isArray(v) ? v.join(', ') : v;
  }

  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }

  getSetCookie(): string[] {
    return this.raw['set-cookie'] ?? [];
  }

  forEach(fn: (value: string, name: string) => void): void {
    for (const name of Object.keys(this.raw).sort()) {
      const v = this.raw[name];
      if (v === undefined) continue;
      if (name === 'set-cookie' && Array.isArray(v)) for (const c of v) fn(c, name);
      else fn(Array.isArray(v) ? v.join(', ') : v, name);
    }
  }
}

/**
 * A response already read whole. `body` is null for a HEAD or GET (the caller reads the bytes
 * from the exchange); for a PUT it replays the bytes read (null when there were none), so the
 * push relay can hand a registry's error body to skopeo as it would a fetch response's.
 */
class HeadResponse implements RegistryResponse {
  readonly headers: HeadHeaders;
  private stream: ReadableStream<Uint8Array> | null | undefined;

  constructor(
    readonly status: number,
    readonly statusText: string,
    raw: http.IncomingHttpHeaders,
    private readonly chunks: Buffer[] = [],
    private readonly replayBody = false,
  ) {
    this.headers = new HeadHeaders(raw);
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (this.stream !== undefined) return this.stream;
    const bytes = Buffer.concat(this.chunks);
    this.stream =
      this.replayBody && bytes.length > 0
        ? new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new Uint8Array(bytes));
              controller.close();
            },
          })
        : null;
    return this.stream;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status <= 299;
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = Buffer.concat(this.chunks);
    const copy = new ArrayBuffer(bytes.length);
    new Uint8Array(copy).set(bytes);
    return Promise.resolve(copy);
  }
}

/**
 * A HEAD, a body-less GET whose whole (small) body is read (the registry ping, manifests,
 * tokens), or a PUT of a small body held in memory (the relay's manifest PUTs): touching fetch
 * would load undici, on the first request and again at exit, where Node waits for its WebAssembly
 * compile (docs/decisions/lazy-loading.md). Resolves with undefined for a redirect (3xx), an odd status or an
 * encoded body (node:http asks for none; fetch decodes one), which the caller then sends through
 * fetch (it follows redirects, decodes bodies). Rejects with the socket's error (its `code` says
 * ECONNREFUSED, ENOTFOUND, a certificate problem…) or with an AbortError on `signal`.
 */
export function keepAliveRequest(
  url: string,
  method: 'HEAD' | 'GET' | 'PUT',
  headers: RequestInit['headers'],
  signal: AbortSignal,
  body?: Uint8Array,
  more: {
    /** Accept any certificate (--insecure, loopback). */
    unverifiedTls?: boolean;
    /** The most bytes of body read for an answer of this status; past it: BodyTooLarge. */
    maxBytes?: (status: number) => number;
  } = {},
): Promise<{ res: RegistryResponse & { headers: HeadHeaders }; body: Buffer } | undefined> {
  const unverifiedTls = Boolean(more.unverifiedTls);
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const proto = secure ? https : http;
  const agent = secure ? agents[unverifiedTls ? 'unverified' : 'https:'] : agents['http:'];
  return new Promise((resolve, reject) => {
    const req = proto.request(
      target,
      { method, agent, signal, headers: headerRecord(headers) },
      (res) => {
        const status = res.statusCode ?? 0;
        const encoded = (res.headers['content-encoding'] ?? 'identity') !== 'identity';
        const chunks: Buffer[] = [];
        const limit = more.maxBytes?.(status) ?? Infinity;
        let read = 0;
        const tooLarge = (): void => {
          req.destroy();
          reject(new BodyTooLarge(limit));
        };
        if (Number(res.headers['content-length'] ?? 0) > limit) return tooLarge();
        if (method !== 'HEAD' && !encoded)
          res.on('data', (c: Buffer) => {
            read += c.length;
            if (read > limit) tooLarge();
            else chunks.push(c);
          });
        else res.resume();
        const done = (): void =>
          resolve(
            status < 200 || (status >= 300 && status < 400) || status > 599 || encoded
              ? undefined
              : {
                  res: new HeadResponse(
                    status,
                    res.statusMessage ?? '',
                    res.headers,
                    chunks,
                    method === 'PUT',
                  ),
                  body: Buffer.concat(chunks),
                },
          );
        if (res.complete) done();
        else res.once('end', done);
        res.once('error', reject);
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}
