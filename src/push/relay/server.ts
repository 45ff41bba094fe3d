/**
 * The push relay: a loopback HTTP registry front that skopeo pushes to. It forwards skopeo's
 * requests for the pushed repository to the real registry (forward.ts: bodies streamed,
 * authenticated here, so skopeo needs no destination credentials), except the final manifest PUT
 * by tag, which tag-put.ts turns into a PUT by digest, a fresh check and a tag write. This keeps
 * "write the tag last, right after a fresh check" (DESIGN.md) without a second copy of the image.
 * Why a relay, and what it costs: docs/decisions/relay.md.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../log.js';
import {
  Forwarder,
  RELAY_BUFFER,
  registryErrorResponse,
  type RelayFault,
  type RetrySettings,
  type Upstream,
} from './forward.js';
import { tagPut, type TagDecision, type TagOutcome, type TagPut } from './tag-put.js';

export type { RelayFault, Upstream } from './forward.js';
export type { TagDecision, TagOutcome, TagPut } from './tag-put.js';

export interface RelayOptions {
  upstream: Upstream;
  /** The one repository (path inside the registry) this relay forwards requests for. */
  repository: string;
  /**
   * Basic credentials every request must carry (a one-time secret handed to skopeo in a 0600
   * auth file), so no other local process can use the relay's upstream credentials.
   */
  credentials?: { username: string; password: string };
  onTagPut: (put: TagPut) => Promise<TagDecision>;
  logger: Logger;
  retry?: Partial<RetrySettings>;
  /** A blob is in the registry: uploaded through the relay, or found there by skopeo's check. */
  onBlob?: (digest: string, uploaded: boolean) => void;
}

const MANIFEST_BY_TAG = /^\/v2\/(.+)\/manifests\/([^/:]+)$/;

export class PushRelay {
  private tag: TagOutcome | undefined;
  private fault: RelayFault | undefined;
  private readonly forwarder: Forwarder;
  private readonly expected: Buffer | undefined;
  private readonly server: http.Server;
  /** `127.0.0.1:port`: push to `docker://<host>/<repository>:<tag>` with --dest-tls-verify=false. */
  host = '';

  private constructor(private readonly opts: RelayOptions) {
    this.forwarder = new Forwarder(
      opts.upstream,
      { retries: 3, retryBaseMs: 250, retryAfterCapMs: 10_000, ...opts.retry },
      opts.logger,
      (fault) => (this.fault = fault),
      opts.onBlob,
    );
    const c = opts.credentials;
    this.expected = c
      ? Buffer.from(`Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`)
      : undefined;
    this.server = http.createServer({ highWaterMark: RELAY_BUFFER }, (req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        opts.logger.debug(
          `relay: ${req.method} ${req.url} failed: ${err instanceof Error ? err.message : String(err)}`,
        );
        if (!res.headersSent)
          registryErrorResponse(res, 502, 'UNKNOWN', 'digestpin relay: upstream request failed');
        else res.destroy();
      });
    });
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

  close(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private authorized(req: http.IncomingMessage): boolean {
    if (!this.expected) return true;
    const got = Buffer.from(req.headers.authorization ?? '');
    return got.length === this.expected.length && crypto.timingSafeEqual(got, this.expected);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    this.opts.logger.debug(`relay: ${method} ${url}`);
    if (!this.authorized(req)) {
      req.resume();
      res.setHeader('www-authenticate', 'Basic realm="digestpin-relay"');
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
        this.opts.onTagPut,
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

export function startRelay(opts: RelayOptions): Promise<PushRelay> {
  return PushRelay.start(opts);
}
