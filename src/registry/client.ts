/**
 * The distribution API client: manifests by HEAD then GET with all four manifest media types,
 * blobs, config digests for the "same image" rule, and an authenticated passthrough for the push
 * relay. Auth is learnt from the registry's 401 challenge (Basic, or Bearer with a token per host,
 * repository and scope); every request has a timeout and bounded retries (http/transport.ts).
 */
import { createHash } from 'node:crypto';
import { DigestpinError } from '../errors.js';
import type { Logger } from '../log.js';
import type { ImageReference } from '../reference.js';
import { VERSION } from '../version.js';
import { authFilePaths, credentialsInOrder, type Credentials } from './auth.js';
import {
  basicHeader,
  parseChallenge,
  parseTokenBody,
  scopeFor,
  sendsSecretsInClear,
  TokenCache,
  tokenRequest,
  type Challenge,
} from './challenge.js';
import { statusError } from './failures.js';
import { headerRecord, type RegistryResponse } from './http/keepalive.js';
import { allowsInsecure, baseUrlFor, normalizeHost } from './http/hosts.js';
import { KeyedLimiter } from '../limiter.js';
import { indexEntries, parseManifest } from './manifest.js';
import { pipelineHeads, type PipelinedAnswer, type PipelinedHead } from './http/pipeline.js';
import { proxyFor } from './http/proxy.js';
import { requestSettings } from '../settings.js';
import { MANIFEST_MEDIA_TYPES } from './media-types.js';
import {
  exchange,
  mayFallBackToHttp,
  type BodyKind,
  type Exchange,
  type TransportOptions,
} from './http/transport.js';

const ACCEPT = [...MANIFEST_MEDIA_TYPES, '*/*'].join(', ');
const USER_AGENT = `digestpin/${VERSION}`;

export interface RegistryClientOptions {
  authfile?: string;
  insecure?: boolean;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Per request (default 30 s, or DIGESTPIN_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Retries after the first attempt (default 3, or DIGESTPIN_RETRIES). */
  retries?: number;
  retryBaseMs?: number;
  retryAfterCapMs?: number;
  /** Asked first (ECR); when it gives undefined, the credential files are searched. */
  credentials?: (host: string) => Promise<Credentials | undefined>;
}

export interface ManifestInfo {
  digest: string;
  mediaType: string;
  size: number;
}

type Action = 'pull' | 'push';
type Sent = Exchange & { credentialsSource?: string };

function isReplayable(body: RequestInit['body']): boolean {
  return (
    body === undefined ||
    body === null ||
    typeof body === 'string' ||
    body instanceof Uint8Array ||
    body instanceof ArrayBuffer ||
    body instanceof URLSearchParams ||
    body instanceof Blob
  );
}

export function digestOf(bytes: Buffer, algorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

export class RegistryClient {
  private readonly transport: TransportOptions;
  private readonly tokens = new TokenCache();
  private readonly challenges = new Map<string, Challenge | null>();
  /** prepare()'s pings: each resolves to its error, or undefined. */
  private readonly preparing = new Map<string, Promise<unknown>>();
  private readonly pinging = new Map<string, Promise<void>>();
  private readonly creds = new Map<string, Promise<Credentials | undefined>>();
  /** Hosts whose ping found no TLS (allowed for --insecure and loopback): reached over http. */
  private readonly schemes = new Map<string, 'https' | 'http'>();

  constructor(private readonly opts: RegistryClientOptions) {
    const fromEnv = requestSettings(opts.env);
    this.transport = {
      timeoutMs: opts.timeoutMs ?? fromEnv.timeoutMs,
      retries: opts.retries ?? fromEnv.retries,
      retryBaseMs: opts.retryBaseMs ?? 250,
      retryAfterCapMs: opts.retryAfterCapMs ?? 10_000,
      logger: opts.logger,
      env: opts.env,
    };
  }

  /** `https://host`, or `http://host` once a host that allows it proved to have no TLS. */
  baseUrl(host: string): string {
    return baseUrlFor(host, this.schemes.get(normalizeHost(host)) ?? 'https');
  }

  /** The origin requests to `host` go to; a host that may lack TLS is pinged first to know. */
  async origin(host: string): Promise<string> {
    await this.ready(host, false);
    return this.baseUrl(host);
  }

  /** The host may be reached with an unverified certificate (--insecure, loopback). */
  private unverified(host: string): boolean {
    return allowsInsecure(host, Boolean(this.opts.insecure));
  }

  async headManifest(ref: ImageReference): Promise<ManifestInfo | undefined> {
    const ex = await this.manifestRequest(ref, 'HEAD');
    if (ex.res.status === 404) return undefined;
    if (ex.res.ok) {
      const info = manifestInfoOf(ex.res.headers);
      const digestOk =
        info !== undefined &&
        /^sha256:[0-9a-f]{64}$/.test(info.digest) &&
        (!ref.digest || ref.digest === info.digest);
      if (digestOk) return info;
    } else if (ex.res.status !== 405) {
      throw this.failure(ex, ref, 'HEAD');
    }
    const got = await this.getManifest(ref);
    return got && { digest: got.digest, mediaType: got.mediaType, size: got.size };
  }

  /**
   * Confirms, with pipelined HEADs (http/pipeline.ts), that the registry has each digest-pinned
   * manifest. An entry is set only when the answer was a 200 naming that very digest with a
   * manifest media type and a size; undefined means "not confirmed", and the caller asks that one
   * with headManifest, which follows redirects, retries and classifies errors. All refs are on
   * one host; its auth challenge should be known (one headManifest to the host first), or every
   * answer is a 401 and nothing is confirmed. A digest named by two repositories is not
   * pipelined: each confirmation must match exactly one request.
   */
  async confirmManifests(
    refs: ImageReference[],
    connections: number,
  ): Promise<(ManifestInfo | undefined)[]> {
    const out = new Array<ManifestInfo | undefined>(refs.length).fill(undefined);
    if (refs.length === 0) return out;
    const host = refs[0].domain;
    // pipelining writes to raw sockets: through a proxy, every request goes one by one
    if (proxyFor(this.baseUrl(host), this.opts.env)) return out;
    // the scheme must be known (a host that may lack TLS is pinged); a failure: one by one
    if (
      !(await this.ready(host, false).then(
        () => true,
        () => false,
      ))
    )
      return out;
    const uses = new Map<string, number>();
    for (const r of refs) if (r.digest) uses.set(r.digest, (uses.get(r.digest) ?? 0) + 1);
    const eligible = refs
      .map((_, i) => i)
      .filter((i) => {
        const r = refs[i];
        return r.domain === host && r.digest?.startsWith('sha256:') && uses.get(r.digest) === 1;
      });
    const auth = new Map<string, string | undefined | null>();
    const limiter = new KeyedLimiter(Math.max(1, connections));
    await Promise.all(
      [...new Set(eligible.map((i) => refs[i].path))].map((repository) =>
        limiter.run(host, async () => {
          try {
            auth.set(repository, (await this.authorization(host, repository, ['pull'])).header);
          } catch {
            auth.set(repository, null); // the one-by-one path reports why
          }
        }),
      ),
    );
    const sent = eligible.filter((i) => auth.get(refs[i].path) !== null);
    const requests: PipelinedHead[] = sent.map((i) => {
      const r = refs[i];
      const header = auth.get(r.path);
      const headers = [`User-Agent: ${USER_AGENT}`, `Accept: ${ACCEPT}`];
      if (header) headers.push(`Authorization: ${header}`);
      return { path: `/v2/${r.path}/manifests/${r.digest}`, headers };
    });
    const answers = await pipelineHeads(this.baseUrl(host), requests, {
      connections,
      depth: PIPELINE_DEPTH,
      idleTimeoutMs: Math.min(this.transport.timeoutMs, PIPELINE_IDLE_CAP_MS),
      unverifiedTls: this.unverified(host),
    });
    sent.forEach((i, k) => (out[i] = confirmed(answers[k], refs[i].digest)));
    const count = out.filter(Boolean).length;
    this.opts.logger.debug(
      `${host}: ${count} of ${refs.length} manifests confirmed by pipelined HEADs; the other ${refs.length - count} are asked one by one`,
    );
    return out;
  }

  /**
   * What a reference points to now, the digest taken from the bytes: a tag's manifest is read
   * (GET, all four media types) and hashed, never taken from its Docker-Content-Digest header,
   * which a registry can get wrong or fake. A digest reference is confirmed with headManifest.
   */
  async resolveManifest(ref: ImageReference): Promise<ManifestInfo | undefined> {
    if (ref.digest) return this.headManifest(ref);
    const got = await this.getManifest(ref);
    return got && { digest: got.digest, mediaType: got.mediaType, size: got.size };
  }

  async getManifest(ref: ImageReference): Promise<(ManifestInfo & { bytes: Buffer }) | undefined> {
    const ex = await this.manifestRequest(ref, 'GET');
    if (ex.res.status === 404) return undefined;
    if (!ex.res.ok) throw this.failure(ex, ref, 'GET');
    const bytes = ex.body ?? Buffer.alloc(0);
    const algorithm = ref.digest?.startsWith('sha512:') ? 'sha512' : 'sha256';
    const digest = digestOf(bytes, algorithm);
    if (ref.digest && ref.digest !== digest)
      throw new DigestpinError(
        'REGISTRY_ERROR',
        `${ref.domain}/${ref.path}: the registry served a manifest for ${ref.digest} whose bytes hash to ${digest}`,
        'The registry or a proxy altered the manifest; check for a caching proxy in between.',
      );
    const header = (ex.res.headers.get('content-type') ?? '').split(';')[0].trim();
    const mediaType = MANIFEST_MEDIA_TYPES.includes(header)
      ? header
      : (parseManifest(bytes).mediaType ?? header);
    return { digest, mediaType, size: bytes.length, bytes };
  }

  async getBlob(repository: ImageReference, digest: string): Promise<Buffer> {
    const ex = await this.send(
      repository.domain,
      repository.path,
      ['pull'],
      `/v2/${repository.path}/blobs/${digest}`,
      { method: 'GET' },
      true,
      'blob',
    );
    if (!ex.res.ok) throw this.failureFor(ex, repository, `blob ${digest}`);
    const body = ex.body ?? Buffer.alloc(0);
    const algorithm = digest.split(':')[0];
    if (digestOf(body, algorithm) !== digest)
      throw new DigestpinError(
        'REGISTRY_ERROR',
        `${repository.domain}/${repository.path}: blob ${digest} arrived with other content`,
        'The download was corrupted or altered; re-run.',
      );
    return body;
  }

  /** platform (`linux/amd64`, `''` for a single manifest) → config digest; undefined if absent. */
  async configDigests(ref: ImageReference): Promise<Map<string, string> | undefined> {
    const top = await this.getManifest(ref);
    if (!top) return undefined;
    const doc = parseManifest(top.bytes);
    const what = `${ref.domain}/${ref.path}@${top.digest}`;
    if (!doc.manifests) return new Map([['', configOf(doc.configDigest, what)]]);
    const entries = indexEntries(doc.manifests);
    const pairs = await Promise.all(
      entries.map(async (e) => {
        const child = await this.getManifest({ ...ref, tag: undefined, digest: e.digest });
        if (!child)
          throw new DigestpinError(
            'REGISTRY_ERROR',
            `${what} lists ${e.digest} (${e.platform}) but the registry does not have it`,
            'The index is incomplete on the registry; push the image again with --all.',
          );
        return [e.platform, configOf(parseManifest(child.bytes).configDigest, e.digest)] as const;
      }),
    );
    return new Map(pairs);
  }

  /**
   * The `Authorization` header value for a request the caller streams itself (the push relay's
   * blob uploads, which cannot be replayed after a 401); pings the host first if needed.
   */
  async authorizationHeader(
    host: string,
    repository: string,
    actions: Action[],
  ): Promise<string | undefined> {
    await this.ready(host, true);
    return (await this.authorization(host, repository, actions)).header;
  }

  /** The credentials requests to `host` for `repository` use (searched once, then remembered). */
  credentials(host: string, repository: string): Promise<Credentials | undefined> {
    return this.credentialsFor(host, repository);
  }

  /** The auth scheme the host asked for in its challenge (undefined: none asked). */
  async authScheme(host: string): Promise<'basic' | 'bearer' | undefined> {
    await this.ready(host, true);
    return this.challenges.get(normalizeHost(host))?.scheme;
  }

  /**
   * The Bearer token for a repository (a Bearer host only) with when it was issued and its
   * lifetime in seconds, for the push relay to hand to skopeo.
   */
  async bearerToken(
    host: string,
    repository: string,
    actions: Action[],
  ): Promise<{ token: string; issuedAt: number; expiresIn: number } | undefined> {
    const header = await this.authorizationHeader(host, repository, actions);
    if (!header?.startsWith('Bearer ')) return undefined;
    const token = header.slice('Bearer '.length);
    const cached = this.tokens.entry(normalizeHost(host), repository, actions);
    // a registry token from the credentials (no token service) lives as long as they do
    if (cached?.token !== token) return { token, issuedAt: Date.now(), expiresIn: 3600 };
    return { token, issuedAt: cached.issuedAt, expiresIn: cached.expiresIn };
  }

  /** An authenticated request to a path (`/v2/…`) or an absolute URL of the registry. */
  async fetch(
    host: string,
    repository: string,
    actions: Action[],
    path: string,
    init: RequestInit,
  ): Promise<RegistryResponse> {
    return (await this.send(host, repository, actions, path, init, false)).res;
  }

  private manifestRequest(ref: ImageReference, method: 'HEAD' | 'GET'): Promise<Sent> {
    const reference = ref.digest ?? ref.tag ?? 'latest';
    return this.send(
      ref.domain,
      ref.path,
      ['pull'],
      `/v2/${ref.path}/manifests/${reference}`,
      { method, headers: { Accept: ACCEPT } },
      method === 'GET',
      'manifest',
    );
  }

  private failure(ex: Sent, ref: ImageReference, method: string): DigestpinError {
    const name = ref.digest ? `@${ref.digest}` : `:${ref.tag ?? 'latest'}`;
    return this.failureFor(ex, ref, `manifest ${ref.path}${name} (${method})`);
  }

  private failureFor(ex: Sent, ref: ImageReference, what: string): DigestpinError {
    return statusError(ex.res.status, ex.body, {
      host: ref.domain,
      repository: ref.path,
      what,
      attempts: ex.attempts,
      retryAfterMs: ex.retryAfterMs,
      credentialsSource: ex.credentialsSource,
      searched: this.searchedFiles(),
    });
  }

  /** The credential files looked in, for the "no credentials" message. */
  private searchedFiles(): string[] {
    return authFilePaths({ authfile: this.opts.authfile, env: this.opts.env });
  }

  private credentialsFor(host: string, repository: string): Promise<Credentials | undefined> {
    const key = `${normalizeHost(host)}|${repository}`;
    let found = this.creds.get(key);
    if (!found) {
      const { authfile, env, logger, credentials: override } = this.opts;
      // DESIGN.md's order: --authfile, then ECR (the override), then the files of the chain
      found = credentialsInOrder(host, { authfile, env, repository, logger }, override);
      this.creds.set(key, found);
    }
    return found;
  }

  private async authorization(
    host: string,
    repository: string,
    actions: Action[],
  ): Promise<{ header?: string; source?: string }> {
    const challenge = this.challenges.get(normalizeHost(host));
    if (!challenge) return {};
    const creds = await this.credentialsFor(host, repository);
    const source = creds?.source ?? (creds ? 'the configured credentials' : undefined);
    if (challenge.scheme === 'basic') return { header: creds && basicHeader(creds), source };
    if (creds?.registryToken) return { header: `Bearer ${creds.registryToken}`, source };
    const key = normalizeHost(host);
    let token = this.tokens.get(key, repository, actions);
    if (!token) {
      const fresh = await this.fetchToken(challenge, host, repository, actions, creds);
      this.tokens.put(key, repository, actions, fresh.token, fresh.expiresIn);
      token = fresh.token;
    }
    return { header: `Bearer ${token}`, source };
  }

  private async fetchToken(
    challenge: Challenge,
    host: string,
    repository: string,
    actions: Action[],
    creds: Credentials | undefined,
  ): Promise<{ token: string; expiresIn: number }> {
    const scope = scopeFor(repository, actions);
    let req;
    try {
      req = tokenRequest(challenge, scope, creds, USER_AGENT);
    } catch {
      throw new DigestpinError(
        'REGISTRY_ERROR',
        `${host}: the Bearer challenge names no valid token realm`,
        'The registry is misconfigured (WWW-Authenticate needs realm="https://…").',
      );
    }
    if (sendsSecretsInClear(req, this.baseUrl(host)))
      throw new DigestpinError(
        'UNAUTHORIZED',
        `${host}: its token service ${req.url.origin} is plain HTTP; digestpin does not send credentials there in clear text`,
        `Serve the registry's token realm over HTTPS (WWW-Authenticate realm="https://…"), or pull anonymously.`,
      );
    const ex = await exchange(req.url.href, req.init, this.transport, {
      replayable: true,
      readBody: true,
      host: req.url.host,
      unverifiedTls: this.unverified(req.url.host),
      kind: 'token',
    });
    const what = `a token for ${scope} from ${req.url.origin}${req.url.pathname}`;
    if (!ex.res.ok)
      throw statusError(ex.res.status, ex.body, {
        host,
        repository,
        what,
        attempts: ex.attempts,
        retryAfterMs: ex.retryAfterMs,
        credentialsSource: creds ? (creds.source ?? 'the configured credentials') : undefined,
        searched: this.searchedFiles(),
      });
    const parsed = parseTokenBody((ex.body ?? Buffer.alloc(0)).toString('utf8'));
    if (!parsed)
      throw new DigestpinError(
        'REGISTRY_ERROR',
        `${host}: the token endpoint answered without a token (${what})`,
        'The registry auth service is misbehaving; re-run later.',
      );
    return parsed;
  }

  /**
   * Pings `host` in the background (learns its auth challenge, opens a kept-alive connection)
   * while the caller still has other work; requests to it wait for that answer. When the ping
   * failed (after its own retries), the next request fails with that error at once instead of
   * waiting through the same timeouts again; the requests after it try afresh.
   */
  prepare(host: string): void {
    const key = normalizeHost(host);
    if (this.challenges.has(key) || this.preparing.has(key)) return;
    this.preparing.set(
      key,
      this.ping(host).then(
        () => undefined,
        (err: unknown) => err,
      ),
    );
  }

  /**
   * Waits for a ping prepare() sent (the first caller gets its failure), then pings the host when
   * `needChallenge` and its challenge is still unknown.
   */
  private async ready(host: string, needChallenge: boolean): Promise<void> {
    const key = normalizeHost(host);
    const pinged = this.preparing.get(key);
    if (pinged) {
      const failed = await pinged;
      if (failed !== undefined && this.preparing.delete(key))
        throw failed instanceof Error ? failed : new Error(`${host}: the registry ping failed`);
    }
    // a host that may lack TLS is pinged before its first request: the ping learns the scheme
    const probe = this.unverified(host) && !this.schemes.has(key);
    if ((needChallenge && !this.challenges.has(key)) || probe) await this.ping(host);
  }

  /** GET /v2/: learns the host's auth challenge. One at a time per host: callers share it. */
  private ping(host: string): Promise<void> {
    const key = normalizeHost(host);
    let running = this.pinging.get(key);
    if (!running) {
      running = this.pingOnce(host).finally(() => this.pinging.delete(key));
      this.pinging.set(key, running);
    }
    return running;
  }

  /**
   * HTTPS first, for every host. A host that allows it (--insecure, loopback) is asked again over
   * plain HTTP when the HTTPS attempt reached a server that does not speak TLS (containers/image's
   * ping does the same with TLS verification off); the answer fixes the scheme for the run.
   */
  private async pingOnce(host: string): Promise<void> {
    const key = normalizeHost(host);
    const unverifiedTls = this.unverified(host);
    const get = (scheme: 'https' | 'http') =>
      exchange(
        `${baseUrlFor(host, scheme)}/v2/`,
        { method: 'GET', headers: { 'User-Agent': USER_AGENT } },
        this.transport,
        { replayable: true, readBody: true, host, unverifiedTls },
      );
    let scheme: 'https' | 'http' = this.schemes.get(key) ?? 'https';
    let ex: Exchange;
    try {
      ex = await get(scheme);
    } catch (err) {
      if (scheme === 'http' || !unverifiedTls || !mayFallBackToHttp(err)) throw err;
      this.opts.logger.debug(
        `${host}: no TLS there (${(err as Error).message}); plain HTTP, as --insecure or a loopback host allows`,
      );
      scheme = 'http';
      ex = await get(scheme);
    }
    this.schemes.set(key, scheme);
    const challenge =
      ex.res.status === 401 ? parseChallenge(ex.res.headers.get('www-authenticate')) : undefined;
    this.challenges.set(key, challenge ?? null);
  }

  /** Sends with the auth the host asked for; learns it from a 401 and sends once more. */
  private async send(
    host: string,
    repository: string,
    actions: Action[],
    pathOrUrl: string,
    init: RequestInit,
    readBody: boolean,
    kind: BodyKind = 'error',
  ): Promise<Sent> {
    const replayable = isReplayable(init.body);
    const key = normalizeHost(host);
    await this.ready(host, !replayable);
    // after ready(): the ping may have found that the host has no TLS
    const url = pathOrUrl.startsWith('/') ? `${this.baseUrl(host)}${pathOrUrl}` : pathOrUrl;
    for (let round = 0; ; round++) {
      const auth = await this.authorization(host, repository, actions);
      // a plain record: fetch takes it, and the HEAD path never loads fetch's `Headers`
      const headers = headerRecord(init.headers);
      headers['user-agent'] = USER_AGENT;
      if (auth.header) headers.authorization = auth.header;
      const ex = await exchange(url, { ...init, headers }, this.transport, {
        replayable,
        readBody,
        host,
        unverifiedTls: this.unverified(host),
        kind,
      });
      const result = { ...ex, credentialsSource: auth.source };
      if (ex.res.status !== 401 || round > 0 || !replayable) return result;
      const challenge = parseChallenge(ex.res.headers.get('www-authenticate'));
      if (!challenge) return result;
      const previous = this.challenges.get(key);
      this.challenges.set(key, challenge);
      if (challenge.scheme === 'basic') {
        const creds = await this.credentialsFor(host, repository);
        // Basic already sent and refused: the credentials are wrong. (Another request may have
        // learnt the challenge meanwhile; this one, sent without it, still gets its retry.)
        if (!creds || !basicHeader(creds) || (previous?.scheme === 'basic' && auth.header))
          return result;
      } else {
        this.tokens.drop(key, repository);
      }
      if (!readBody) await ex.res.body?.cancel().catch(() => undefined);
    }
  }
}

/** Requests written ahead of their answers on one pipelined connection. */
const PIPELINE_DEPTH = 32;
/**
 * A pipelined connection that makes no progress for this long is given up and its requests asked
 * one by one (a server that only stalls on pipelined requests costs this much, not a full timeout).
 */
const PIPELINE_IDLE_CAP_MS = 5_000;

/**
 * What a manifest answer's headers say (Docker-Content-Digest, media type, size), when the type is
 * a manifest type and the size a whole number; else undefined. The caller checks the digest.
 */
function manifestInfoOf(headers: {
  get(name: string): string | null | undefined;
}): ManifestInfo | undefined {
  const digest = headers.get('docker-content-digest') ?? '';
  const mediaType = (headers.get('content-type') ?? '').split(';')[0].trim();
  const size = Number(headers.get('content-length') ?? NaN);
  if (!MANIFEST_MEDIA_TYPES.includes(mediaType) || !Number.isInteger(size) || size < 0)
    return undefined;
  return { digest, mediaType, size };
}

/** A pipelined answer as ManifestInfo, when it proves `digest` is there; else undefined. */
function confirmed(answer: PipelinedAnswer | undefined, digest: string | undefined) {
  if (!answer || answer.status !== 200 || !digest) return undefined;
  const info = manifestInfoOf(answer.headers);
  return info?.digest === digest ? info : undefined;
}

function configOf(digest: string | undefined, what: string): string {
  if (digest) return digest;
  throw new DigestpinError(
    'REGISTRY_ERROR',
    `${what} has no config (a Docker schema 1 manifest?)`,
    'Push the image again in v2s2 or OCI format.',
  );
}
