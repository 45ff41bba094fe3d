/**
 * The push relay: a loopback registry front (HTTP, or HTTPS with a per-run certificate) that
 * skopeo pushes to. It forwards skopeo's requests for the pushed repository to the real registry
 * (forward.ts: bodies streamed, authenticated here), except the final manifest PUT by tag, which
 * tag-put.ts turns into a PUT by digest, a fresh check and a tag write. This keeps "write the tag
 * last, right after a fresh check" (DESIGN.md) without a second copy of the image. Blob bytes
 * either stream through it or go from skopeo straight to the registry (upload locations left
 * absolute). Why a relay, and what it costs: docs/decisions/relay.md.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../log.js';
import {
  Forwarder,
  RELAY_BUFFER,
  registryErrorResponse,
  stepOf,
  type RelayFault,
  type RetrySettings,
  type Upstream,
} from './forward.js';
import type { RelayCertificate } from './certificate.js';
import { tagPut, type TagDecision, type TagOutcome, type TagPut } from './tag-put.js';

export type { RelayFault, Upstream } from './forward.js';
export type { TagDecision, TagOutcome, TagPut } from './tag-put.js';

export interface RelayOptions {
  upstream: Upstream;
  /** The one repository (path inside the registry) this relay forwards requests for. */
  repository: string;
  /**
   * Basic credentials every request must carry (what skopeo's 0600 auth file holds: a one-time
   * secret, or a Basic registry's own credentials when skopeo uploads blobs straight to it), so no
   * other local process can use the relay.
   */
  credentials?: { username: string; password: string };
  /**
   * Serve HTTPS with this certificate (skopeo then verifies TLS everywhere: it uploads blobs
   * straight to the registry, docs/decisions/relay.md).
   */
  tls?: RelayCertificate;
  /**
   * For a Bearer registry (`wanted()`, asked at skopeo's first unauthenticated request): the
   * relay challenges skopeo with its own token endpoint, which hands the registry client's token
   * for the repository to the holder of `credentials`, and accepts that token on every request,
   * so that skopeo can send it to the registry too.
   */
  bearer?: {
    wanted: () => Promise<boolean>;
    token: () => Promise<{ token: string; issuedAt: number; expiresIn: number }>;
  };
  onTagPut: (put: TagPut) => Promise<TagDecision>;
  logger: Logger;
  retry?: Partial<RetrySettings>;
  /**
   * A blob is in the registry: uploaded through the relay, found there by skopeo's check, or
   * named by a manifest the registry took (may repeat a blob told of before).
   */
  onBlob?: (digest: string, uploaded: boolean) => void;
  /** A forwarded request that moves no byte this long is ended (DIGESTPIN_STALL_MS; default 2 min). */
  idleMs?: number;
}

const MANIFEST_BY_TAG = /^\/v2\/(.+)\/manifests\/([^/:]+)$/;
const TOKEN_PATH = '/_digestpin/token';

export class PushRelay {
  private tag: TagOutcome | undefined;
  private fault: RelayFault | undefined;
  private readonly forwarder: Forwarder;
  private readonly expected: Buffer | undefined;
  private readonly server: http.Server;
  /** Tokens handed out at TOKEN_PATH (`token` mode). */
  private readonly issued = new Set<string>();
  /** skopeo's requests being answered now, and every start and end of one (`quiet()`). */
  private inFlight = 0;
  private events = 0;
  /** An upload was started since the last manifest PUT (its bytes may go straight to the registry). */
  private uploading = false;
  /**
   * `127.0.0.1:port`: push to `docker://<host>/<repository>:<tag>`, with --dest-tls-verify=false
   * (plain HTTP) or with --dest-cert-dir holding the certificate (`tls`).
   */
  host = '';

  private constructor(private readonly opts: RelayOptions) {
    this.forwarder = new Forwarder(
      opts.upstream,
      { retries: 3, retryBaseMs: 250, retryAfterCapMs: 10_000, ...opts.retry },
      opts.logger,
      (fault) => (this.fault = fault),
      opts.onBlob,
      opts.idleMs,
    );
    if (opts.bearer && !(opts.credentials && opts.tls))
      throw new Error('the relay hands out tokens only over TLS, to the holder of its credentials');
    const c = opts.credentials;
    this.expected = c
      ? Buffer.from(`Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`)
      : undefined;
    const serve = (req: http.IncomingMessage, res: http.ServerResponse) => {
      this.inFlight++;
      this.events++;
      const step = stepName(req);
      if (step === 'upload start (POST)') this.uploading = true;
      else if (step.startsWith('manifest PUT')) this.uploading = false;
      // answered ('finish') or the connection gone ('close'), counted once whichever comes first
      let answered = false;
      const done = () => {
        if (answered) return;
        answered = true;
        this.inFlight--;
        this.events++;
      };
      res.once('finish', done).once('close', done);
      this.handle(req, res).catch((err: unknown) => {
        opts.logger.debug(
          `relay: ${req.method} ${req.url} failed: ${err instanceof Error ? err.message : String(err)}`,
        );
        if (res.headersSent) {
          res.destroy();
          return;
        }
        // skopeo reports only this 502: keep what went wrong (a registry token that could not be
        // had; a manifest over the limit), unless the forwarder kept it already or skopeo went
        // away (it ended, or gave up: its own error tells), for the push to name the step and
        // the cause. Replayable: the registry client has retried what it could (a token, a
        // ping), and sending it again would not help the rest.
        if (this.fault?.error !== err && !req.readableAborted && !req.socket.destroyed)
          this.fault = { step: stepName(req), error: err, replayable: true };
        registryErrorResponse(res, 502, 'UNKNOWN', 'digestpin relay: upstream request failed');
      });
    };
    this.server = opts.tls
      ? https.createServer({ highWaterMark: RELAY_BUFFER, ...opts.tls }, serve)
      : http.createServer({ highWaterMark: RELAY_BUFFER }, serve);
    this.server.keepAliveTimeout = 30_000;
  }

  static async start(opts: RelayOptions): Promise<PushRelay> {
    const relay = new PushRelay(opts);
    await new Promise<void>((resolve, reject) => {
      relay.server.once('error', reject);
      relay.server.listen(0, '127.0.0.1', () => resolve());
    });
    relay.host = `127.0.0.1:${(relay.server.address() as AddressInfo).port}`;
    return relay;
  }

  /** Connects to the registry ahead of skopeo's first request (Forwarder.warm). */
  warm(): void {
    this.forwarder.warm();
  }

  /** What happened to the tag; undefined until skopeo's tag PUT arrived. */
  outcome(): TagOutcome | undefined {
    return this.tag;
  }

  /** The last of skopeo's requests that failed upstream for good, cleared as it is read. */
  takeFault(): RelayFault | undefined {
    const f = this.fault;
    this.fault = undefined;
    return f;
  }

  /** Request-body bytes forwarded to the registry so far; undefined when uploads go direct. */
  bytesSent(): number | undefined {
    return this.forwarder.goesDirect ? undefined : this.forwarder.bytesSent();
  }

  /**
   * While no request of skopeo's is being answered: a count of the requests started and ended so
   * far (it grows with each), and whether a blob upload was started since the last manifest PUT.
   * Undefined while one is being answered (the relay's own limits watch it).
   */
  quiet(): { events: number; uploading: boolean } | undefined {
    return this.inFlight > 0 ? undefined : { events: this.events, uploading: this.uploading };
  }

  close(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  /** The one-time secret (Basic), or a token this relay handed out. */
  private authorized(req: http.IncomingMessage, basicOnly = false): boolean {
    const header = req.headers.authorization ?? '';
    if (!basicOnly && this.opts.bearer && header.startsWith('Bearer '))
      return this.issued.has(header.slice('Bearer '.length));
    if (!this.expected) return true;
    const got = Buffer.from(header);
    return got.length === this.expected.length && crypto.timingSafeEqual(got, this.expected);
  }

  /** The challenge skopeo gets: Basic, or this relay's token endpoint. */
  private async challenge(): Promise<string> {
    return (await this.opts.bearer?.wanted())
      ? `Bearer realm="https://${this.host}${TOKEN_PATH}",service="digestpin-relay"`
      : 'Basic realm="digestpin-relay"';
  }

  /** The token endpoint (`token` mode): the registry's token, for the holder of the secret. */
  private async issueToken(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    req.resume();
    if (!this.opts.bearer || !this.authorized(req, true)) {
      res.setHeader('www-authenticate', 'Basic realm="digestpin-relay"');
      return registryErrorResponse(res, 401, 'UNAUTHORIZED', 'authentication required');
    }
    const { token, issuedAt, expiresIn } = await this.opts.bearer.token();
    this.issued.add(token);
    const body = JSON.stringify({
      token,
      access_token: token,
      expires_in: expiresIn,
      // skopeo asks again once issued_at + expires_in has passed
      issued_at: new Date(issuedAt).toISOString(),
    });
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    this.opts.logger.debug(`relay: ${method} ${url}`);
    if (url.split('?')[0] === TOKEN_PATH) return this.issueToken(req, res);
    if (!this.authorized(req)) {
      req.resume();
      res.setHeader('www-authenticate', await this.challenge());
      return registryErrorResponse(res, 401, 'UNAUTHORIZED', 'authentication required');
    }
    if (url === '/v2/' || url === '/v2') {
      req.resume();
      res.writeHead(200, {
        'docker-distribution-api-version': 'registry/2.0',
        'content-length': 0,
      });
      res.end();
      return;
    }
    const target = this.allowed(url);
    if (!target) {
      req.resume();
      return registryErrorResponse(
        res,
        403,
        'DENIED',
        `digestpin relay: only ${this.opts.repository} on the registry is reachable here`,
      );
    }
    const m = MANIFEST_BY_TAG.exec(target.pathname);
    if (method === 'PUT' && target.origin === this.forwarder.origin && m?.[1] && m[2]) {
      this.tag = await tagPut(
        req,
        res,
        { repository: m[1], tag: m[2] },
        this.opts.upstream,
        // asked once the registry has taken the manifest by digest
        (put) => {
          this.forwarder.manifestTaken(put.bytes);
          return this.opts.onTagPut(put);
        },
        this.opts.logger,
      );
      return;
    }
    return this.forwarder.forward(req, res, target);
  }

  /**
   * Where a request may go: paths of the pushed repository on the registry, and upload locations
   * the registry handed out elsewhere. Not another repository, another host (`//host/…`), an
   * absolute-form URL, or a path that leaves the repository with `..`.
   */
  private allowed(url: string): URL | undefined {
    if (!url.startsWith('/') || url.startsWith('//')) return undefined;
    const target = this.forwarder.target(url);
    if (!target) return undefined;
    if (target.origin !== this.forwarder.origin) return target;
    return target.pathname.startsWith(`/v2/${this.opts.repository}/`) ? target : undefined;
  }
}

/** The step a request of skopeo's is, as a push's error names it. */
function stepName(req: http.IncomingMessage): string {
  const method = req.method ?? 'GET';
  const pathname = (req.url ?? '/').split('?')[0] ?? '/';
  if (pathname === TOKEN_PATH) return 'token request';
  if (method === 'PUT' && MANIFEST_BY_TAG.test(pathname)) return 'manifest PUT (by tag)';
  return stepOf(method, pathname);
}

export function startRelay(opts: RelayOptions): Promise<PushRelay> {
  return PushRelay.start(opts);
}
