/**
 * A small HTTP proxy in front of a real registry that injects faults per request pattern:
 *
 *     const proxy = await startFaultProxy(registry.url, [
 *       { method: 'HEAD', path: /\/manifests\//, count: 2, fault: faults.status(503) },
 *       { method: 'PATCH', path: /\/blobs\/uploads\//, fault: faults.resetAfter(64 * 1024) },
 *     ]);
 *     // point skopeo / the client at proxy.host; then assert on proxy.requests
 *
 * The first rule that matches (method + path regexp, and still has `count` left) decides; requests
 * no rule claims are forwarded unchanged (the Host header is kept, so the registry's upload
 * Location URLs point back at the proxy). Rules can be replaced at runtime with setRules().
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';

export type Fault =
  | {
      kind: 'status';
      status: number;
      /** Registry error code for the JSON body; null = empty body; default by status. */
      errorCode?: string | null;
      message?: string;
      headers?: Record<string, string>;
    }
  /** Reset the connection at once, or after forwarding `afterBytes` bytes of the request body. */
  | { kind: 'reset'; afterBytes?: number }
  /** Never answer (until stop()). */
  | { kind: 'stall' }
  /** Forward, then send the answer's headers and its first `afterBytes` body bytes, and no more. */
  | { kind: 'stallAnswer'; afterBytes: number }
  /** Forward normally after `ms`. */
  | { kind: 'delay'; ms: number }
  /** Forward, passing the request body on at no more than `bytesPerSecond` (a slow link). */
  | { kind: 'throttle'; bytesPerSecond: number };

export interface FaultRule {
  name?: string;
  /** HTTP method, case-insensitive; omitted = any. */
  method?: string;
  /** Matched against the request path with query ('/v2/demo/app/manifests/t1'). */
  path: RegExp;
  /** Only the first N matching requests; omitted = all of them. */
  count?: number;
  /** Let the first N matching requests through unchanged before the rule applies. */
  skip?: number;
  fault: Fault;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Name (or index) of the rule that answered, undefined when forwarded. */
  fault?: string;
}

export interface FaultProxy {
  host: string;
  url: string;
  port: number;
  requests: RecordedRequest[];
  setRules(rules: FaultRule[]): void;
  addRule(rule: FaultRule): void;
  /** How many requests the rule with this name (or index) answered. */
  hits(name: string): number;
  stop(): Promise<void>;
}

const DEFAULT_CODES: Record<number, string> = {
  400: 'UNSUPPORTED',
  401: 'UNAUTHORIZED',
  403: 'DENIED',
  404: 'MANIFEST_UNKNOWN',
  429: 'TOOMANYREQUESTS',
};

/** Shorthands for the faults tests use most. */
export const faults = {
  status: (
    status: number,
    extra: Omit<Extract<Fault, { kind: 'status' }>, 'kind' | 'status'> = {},
  ) => ({ kind: 'status', status, ...extra }) as Fault,
  unauthorized: (challenge = 'Basic realm="fault-proxy"'): Fault => ({
    kind: 'status',
    status: 401,
    headers: { 'WWW-Authenticate': challenge },
  }),
  tooManyRequests: (retryAfterSeconds = 1): Fault => ({
    kind: 'status',
    status: 429,
    headers: { 'Retry-After': String(retryAfterSeconds) },
  }),
  reset: (): Fault => ({ kind: 'reset' }),
  resetAfter: (bytes: number): Fault => ({ kind: 'reset', afterBytes: bytes }),
  stall: (): Fault => ({ kind: 'stall' }),
  stallAnswerAfter: (bytes: number): Fault => ({ kind: 'stallAnswer', afterBytes: bytes }),
  delay: (ms: number): Fault => ({ kind: 'delay', ms }),
  throttle: (bytesPerSecond: number): Fault => ({ kind: 'throttle', bytesPerSecond }),
};

function kill(socket: Socket): void {
  // a TLS socket: reset the TCP connection under it (resetAndDestroy wants a TCP handle)
  const tcp = (socket as Socket & { _parent?: Socket | null })._parent ?? socket;
  try {
    tcp.resetAndDestroy();
  } catch {
    tcp.destroy();
  }
  if (tcp !== socket) socket.destroy();
}

function answer(res: ServerResponse, fault: Extract<Fault, { kind: 'status' }>): void {
  const errorCode =
    fault.errorCode === undefined ? (DEFAULT_CODES[fault.status] ?? 'UNKNOWN') : fault.errorCode;
  const headers: Record<string, string> = { ...fault.headers };
  let body = '';
  if (errorCode) {
    const message = fault.message ?? `injected ${fault.status} by the fault proxy`;
    body = JSON.stringify({ errors: [{ code: errorCode, message, detail: null }] });
    headers['Content-Type'] = 'application/json; charset=utf-8';
  }
  res.writeHead(fault.status, { ...headers, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

export async function startFaultProxy(
  upstreamUrl: string,
  initialRules: FaultRule[] = [],
  options: {
    /**
     * Serve HTTPS with this key and certificate (PEM text) and name the proxy `0.0.0.0:PORT` (not
     * a loopback name: clients verify the certificate); the registry behind it is told the
     * scheme (X-Forwarded-Proto), so its upload locations point back here over https.
     */
    tls?: { key: string; cert: string };
  } = {},
): Promise<FaultProxy> {
  const upstream = new URL(upstreamUrl);
  // an HTTPS upstream (a token service) is a test server on loopback: its certificate is not checked
  const secureUpstream = upstream.protocol === 'https:';
  const agent = secureUpstream
    ? new https.Agent({ keepAlive: true, rejectUnauthorized: false })
    : new http.Agent({ keepAlive: true });
  const sockets = new Set<Socket>();
  const hits = new Map<string, number>();
  const skipped = new Map<string, number>();
  let rules: { rule: FaultRule; name: string }[] = [];
  const requests: RecordedRequest[] = [];

  const setRules = (next: FaultRule[]): void => {
    rules = next.map((rule, i) => ({ rule, name: rule.name ?? String(i) }));
  };
  setRules(initialRules);

  function match(req: IncomingMessage): { rule: FaultRule; name: string } | undefined {
    const method = req.method ?? 'GET';
    for (const entry of rules) {
      const { rule, name } = entry;
      if (rule.method && rule.method.toUpperCase() !== method) continue;
      rule.path.lastIndex = 0;
      if (!rule.path.test(req.url ?? '')) continue;
      const passed = skipped.get(name) ?? 0;
      if (rule.skip !== undefined && passed < rule.skip) {
        skipped.set(name, passed + 1);
        return undefined;
      }
      const used = hits.get(name) ?? 0;
      if (rule.count !== undefined && used >= rule.count) continue;
      hits.set(name, used + 1);
      return entry;
    }
    return undefined;
  }

  function forward(
    req: IncomingMessage,
    res: ServerResponse,
    resetAfter?: number,
    bytesPerSecond?: number,
    answerBytes?: number,
  ): void {
    const outgoing = (secureUpstream ? https : http).request({
      host: upstream.hostname === '0.0.0.0' ? '127.0.0.1' : upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: options.tls ? { ...req.headers, 'x-forwarded-proto': 'https' } : req.headers,
      agent,
    });
    outgoing.on('response', (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      if (answerBytes === undefined) {
        upRes.pipe(res);
        return;
      }
      let sent = 0;
      upRes.on('data', (chunk: Buffer) => {
        if (sent >= answerBytes) return;
        const part = chunk.subarray(0, answerBytes - sent);
        sent += part.length;
        res.write(part);
        if (sent >= answerBytes) upRes.destroy();
      });
    });
    outgoing.on('error', (err) => {
      if (res.headersSent) return kill(req.socket);
      res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(`fault proxy: upstream ${upstreamUrl} failed: ${err.message}`);
    });
    if (bytesPerSecond !== undefined) {
      req.on('data', (chunk: Buffer) => {
        outgoing.write(chunk);
        req.pause();
        setTimeout(() => req.resume(), (chunk.length * 1000) / bytesPerSecond);
      });
      req.on('end', () => outgoing.end());
      return;
    }
    if (resetAfter === undefined) {
      req.pipe(outgoing);
      return;
    }
    let seen = 0;
    let cut = false;
    req.on('data', (chunk: Buffer) => {
      if (cut) return;
      if (seen + chunk.length < resetAfter) {
        seen += chunk.length;
        outgoing.write(chunk);
        return;
      }
      cut = true;
      kill(req.socket);
      // the upstream gets exactly `resetAfter` bytes, then its connection closes mid-body
      outgoing.write(chunk.subarray(0, resetAfter - seen), () => outgoing.destroy());
    });
    req.on('end', () => {
      if (!cut) outgoing.end();
    });
  }

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const entry = match(req);
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '',
      headers: req.headers,
    };
    if (entry) record.fault = entry.name;
    requests.push(record);
    const fault = entry?.rule.fault;
    if (!fault) return forward(req, res);
    switch (fault.kind) {
      case 'status':
        req.resume();
        return req.on('end', () => answer(res, fault));
      case 'reset':
        if (fault.afterBytes === undefined) return kill(req.socket);
        return forward(req, res, fault.afterBytes);
      case 'stall':
        return req.resume();
      case 'stallAnswer':
        return forward(req, res, undefined, undefined, fault.afterBytes);
      case 'throttle':
        return forward(req, res, undefined, fault.bytesPerSecond);
      case 'delay': {
        req.pause();
        const timer = setTimeout(() => forward(req, res), fault.ms);
        req.socket.once('close', () => clearTimeout(timer));
        return;
      }
    }
  };
  const server = options.tls ? https.createServer(options.tls, handle) : http.createServer(handle);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  let stopping: Promise<void> | undefined;
  return {
    host: options.tls ? `0.0.0.0:${port}` : `127.0.0.1:${port}`,
    url: options.tls ? `https://0.0.0.0:${port}` : `http://127.0.0.1:${port}`,
    port,
    requests,
    setRules,
    addRule: (rule) => {
      rules.push({ rule, name: rule.name ?? String(rules.length) });
    },
    hits: (name) => hits.get(name) ?? 0,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        agent.destroy();
      });
      return stopping;
    },
  };
}
