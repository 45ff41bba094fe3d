// A loopback node:http server that speaks enough of the distribution API for client tests:
// manifests by tag and digest, blobs, Basic or Bearer auth with a token endpoint, and injected
// faults (status codes with headers, connection resets, stalls).
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  | { kind: 'reset' }
  | { kind: 'stall' };

export interface FakeOptions {
  auth?: 'none' | 'basic' | 'bearer';
  user?: string;
  password?: string;
  /** Accepted as a refresh_token by the token endpoint (identity tokens). */
  refreshToken?: string;
  expiresIn?: number;
  /** HEAD answers without Docker-Content-Digest (like some registries on GET). */
  omitDigestHeader?: boolean;
  /** Anonymous pulls are allowed with a token (like Docker Hub); push needs credentials. */
  anonymousPull?: boolean;
}

export interface Logged {
  method: string;
  url: string;
  authorization?: string;
  accept?: string;
  body?: string;
}

export interface FakeRegistry {
  host: string;
  url: string;
  log: Logged[];
  tokensIssued: number;
  /** Faults consumed in order by requests whose path contains `match`. */
  inject(match: string, ...faults: Fault[]): void;
  putManifest(repo: string, tag: string | undefined, doc: unknown, mediaType: string): string;
  putBlob(repo: string, bytes: Buffer): string;
  close(): Promise<void>;
}

const digest = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

export async function startFakeRegistry(opts: FakeOptions = {}): Promise<FakeRegistry> {
  const manifests = new Map<string, { bytes: Buffer; mediaType: string }>();
  const blobs = new Map<string, Buffer>();
  const faults: { match: string; fault: Fault }[] = [];
  const tokens = new Map<string, string>(); // token -> scope
  const log: Logged[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const state = { tokensIssued: 0 };
  const auth = opts.auth ?? 'none';
  const basicOk = (h: string | undefined) =>
    h === `Basic ${Buffer.from(`${opts.user}:${opts.password}`).toString('base64')}`;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://x');
      log.push({
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        accept: req.headers.accept,
        body: body || undefined,
      });
      const i = faults.findIndex((f) => url.pathname.includes(f.match));
      if (i >= 0) {
        const [{ fault }] = faults.splice(i, 1);
        if (fault.kind === 'reset') return req.socket.destroy();
        if (fault.kind === 'stall') return undefined;
        res.writeHead(fault.status, fault.headers ?? {});
        return res.end(fault.body ?? '');
      }
      if (url.pathname === '/token') return token(url, body, req, res);
      const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
      const scope = m ? `repository:${m[1]}:pull` : '';
      if (!authorized(req.headers.authorization, m?.[1])) {
        const challenge =
          auth === 'basic'
            ? 'Basic realm="fake"'
            : `Bearer realm="http://${host}/token",service="fake"${scope ? `,scope="${scope}"` : ''}`;
        res.writeHead(401, { 'WWW-Authenticate': challenge, 'Content-Type': 'application/json' });
        return res.end(
          JSON.stringify({
            errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }],
          }),
        );
      }
      if (url.pathname === '/v2/') return res.writeHead(200).end('{}');
      if (!m) return res.writeHead(404).end();
      const [, repo, kind, ref] = m;
      if (kind === 'blobs') {
        const b = blobs.get(`${repo}@${ref}`);
        if (!b)
          return res
            .writeHead(404, { 'Content-Type': 'application/json' })
            .end(JSON.stringify({ errors: [{ code: 'BLOB_UNKNOWN', message: 'blob unknown' }] }));
        return res.writeHead(200, { 'Content-Length': b.length }).end(b);
      }
      const entry = manifests.get(`${repo}@${ref}`);
      if (!entry) {
        const known = [...manifests.keys()].some((k) => k.startsWith(`${repo}@`));
        res.writeHead(404, { 'Content-Type': 'application/json' });
        return res.end(
          req.method === 'HEAD'
            ? undefined
            : JSON.stringify({
                errors: [
                  known
                    ? { code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }
                    : { code: 'NAME_UNKNOWN', message: 'repository name not known to registry' },
                ],
              }),
        );
      }
      const headers: Record<string, string | number> = {
        'Content-Type': entry.mediaType,
        'Content-Length': entry.bytes.length,
      };
      if (!opts.omitDigestHeader || req.method !== 'HEAD')
        headers['Docker-Content-Digest'] = digest(entry.bytes);
      res.writeHead(200, headers);
      return res.end(req.method === 'HEAD' ? undefined : entry.bytes);
    });
  });

  function authorized(header: string | undefined, repo: string | undefined): boolean {
    if (auth === 'none') return true;
    if (auth === 'basic') return basicOk(header);
    if (!header?.startsWith('Bearer ')) return false;
    const scope = tokens.get(header.slice(7));
    if (scope === undefined) return false;
    return !repo || scope.includes(`repository:${repo}:`);
  }

  function token(url: URL, body: string, req: http.IncomingMessage, res: http.ServerResponse) {
    let scope = url.searchParams.get('scope') ?? '';
    let ok = basicOk(req.headers.authorization);
    if (req.method === 'POST') {
      const form = new URLSearchParams(body);
      scope = form.get('scope') ?? '';
      ok =
        form.get('grant_type') === 'refresh_token' &&
        form.get('refresh_token') === opts.refreshToken;
    }
    if (!ok && req.headers.authorization) {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      return res.end(
        JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'bad credentials' }] }),
      );
    }
    if (!ok && !opts.anonymousPull) scope = ''; // anonymous: a token that grants nothing
    state.tokensIssued++;
    const t = `tok-${state.tokensIssued}`;
    tokens.set(t, scope);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    return res.end(JSON.stringify({ token: t, expires_in: opts.expiresIn ?? 300 }));
  }

  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    url: `http://${host}`,
    log,
    get tokensIssued() {
      return state.tokensIssued;
    },
    inject: (match, ...fs) => fs.forEach((fault) => faults.push({ match, fault })),
    putManifest(repo, tag, doc, mediaType) {
      const bytes = Buffer.from(JSON.stringify(doc));
      const d = digest(bytes);
      manifests.set(`${repo}@${d}`, { bytes, mediaType });
      if (tag) manifests.set(`${repo}@${tag}`, { bytes, mediaType });
      return d;
    },
    putBlob(repo, bytes) {
      const d = digest(bytes);
      blobs.set(`${repo}@${d}`, bytes);
      return d;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
