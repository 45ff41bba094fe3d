/**
 * The distribution auth flow: parse `WWW-Authenticate`, fetch a Bearer token from the realm
 * (docs/spec/auth/token.md, with the OAuth2 refresh-token form for identity tokens) and keep
 * tokens per host and scope until shortly before `expires_in` runs out.
 */
import type { Credentials } from './auth.js';
import { isLoopback } from './http/hosts.js';

export interface Challenge {
  scheme: 'basic' | 'bearer';
  params: Record<string, string>;
}

/** Parses every challenge of a `WWW-Authenticate` header (RFC 7235 auth-params). */
export function parseChallenges(
  header: string,
): { scheme: string; params: Record<string, string> }[] {
  const out: { scheme: string; params: Record<string, string> }[] = [];
  let current: { scheme: string; params: Record<string, string> } | undefined;
  const token = /[\s,]*([A-Za-z0-9_.!#$%&'*+^`|~-]+)/y;
  const equals = /\s*=\s*/y;
  const quoted = /"((?:[^"\\]|\\.)*)"/y;
  const bare = /[^,\s]*/y;
  let i = 0;
  for (;;) {
    token.lastIndex = i;
    const t = token.exec(header);
    if (!t) break;
    i = token.lastIndex;
    equals.lastIndex = i;
    if (current && equals.exec(header)) {
      i = equals.lastIndex;
      const re = header[i] === '"' ? quoted : bare;
      re.lastIndex = i;
      const v = re.exec(header);
      i = re.lastIndex;
      const raw = v ? (v[1] ?? v[0]) : '';
      current.params[t[1].toLowerCase()] = raw.replace(/\\(.)/g, '$1');
    } else {
      current = { scheme: t[1].toLowerCase(), params: {} };
      out.push(current);
    }
  }
  return out;
}

/** The first Basic or Bearer challenge of a `WWW-Authenticate` header. */
export function parseChallenge(header: string | null): Challenge | undefined {
  if (!header) return undefined;
  const found = parseChallenges(header).find((c) => c.scheme === 'basic' || c.scheme === 'bearer');
  return found as Challenge | undefined;
}

export function scopeFor(repository: string, actions: readonly string[]): string {
  return `repository:${repository}:${[...actions].sort().join(',')}`;
}

export function basicHeader(creds: Credentials): string | undefined {
  if (!creds.username || creds.password === undefined) return undefined;
  return `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`;
}

interface CachedToken {
  token: string;
  expiresAt: number;
  actions: Set<string>;
  /** When it was put here, and the lifetime the token service gave (seconds). */
  issuedAt: number;
  expiresIn: number;
}

/** Bearer tokens per host and repository; a pull,push token also serves pull requests. */
export class TokenCache {
  private readonly tokens = new Map<string, CachedToken[]>();
  constructor(private readonly now: () => number = Date.now) {}

  get(host: string, repository: string, actions: readonly string[]): string | undefined {
    return this.entry(host, repository, actions)?.token;
  }

  /** The cached token with when it was issued and its lifetime (to hand it on). */
  entry(
    host: string,
    repository: string,
    actions: readonly string[],
  ): Readonly<CachedToken> | undefined {
    const list = this.tokens.get(`${host}|${repository}`) ?? [];
    const t = this.now();
    return list.find((c) => c.expiresAt > t && actions.every((a) => c.actions.has(a)));
  }

  /** Forgets the tokens of a repository (the registry rejected one). */
  drop(host: string, repository: string): void {
    this.tokens.delete(`${host}|${repository}`);
  }

  put(
    host: string,
    repository: string,
    actions: readonly string[],
    token: string,
    expiresInSec: number,
  ): void {
    const key = `${host}|${repository}`;
    const t = this.now();
    // expires_in defaults to 60 s and is never shorter (token.md); keep a margin of 10 %.
    const lifetime = Math.max(60, Number.isFinite(expiresInSec) ? expiresInSec : 60) * 900;
    const list = (this.tokens.get(key) ?? []).filter((c) => c.expiresAt > t);
    list.push({
      token,
      expiresAt: t + lifetime,
      actions: new Set(actions),
      issuedAt: t,
      expiresIn: lifetime / 900,
    });
    this.tokens.set(key, list);
  }
}

export interface TokenRequest {
  url: URL;
  init: RequestInit;
}

/**
 * The request that gets a token from the realm: GET with Basic credentials (or none), or the
 * OAuth2 POST with `grant_type=refresh_token` when the credentials hold an identity token.
 */
export function tokenRequest(
  challenge: Challenge,
  scope: string,
  creds: Credentials | undefined,
  userAgent: string,
): TokenRequest {
  const realm = challenge.params.realm;
  if (!realm) throw new Error('Bearer challenge without realm');
  const url = new URL(realm);
  const service = challenge.params.service;
  const headers: Record<string, string> = { 'User-Agent': userAgent };
  if (creds?.identityToken) {
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: creds.identityToken,
      client_id: 'digestpin',
      scope,
    });
    if (service) form.set('service', service);
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    return { url, init: { method: 'POST', headers, body: form.toString() } };
  }
  if (service) url.searchParams.set('service', service);
  url.searchParams.set('scope', scope);
  const basic = creds ? basicHeader(creds) : undefined;
  if (basic) {
    headers.Authorization = basic;
    if (creds?.username) url.searchParams.set('account', creds.username);
  }
  return { url, init: { method: 'GET', headers } };
}

/**
 * True when a token request would carry credentials in clear text to another machine: the realm
 * is `http://` on a non-loopback host while the registry itself is reached over HTTPS. (A registry
 * already reached over plain HTTP — loopback or --insecure — has no secrecy left to protect.)
 */
export function sendsSecretsInClear(req: TokenRequest, registryBaseUrl: string): boolean {
  const h = req.init.headers as Record<string, string>;
  const secret = h.Authorization !== undefined || req.init.method === 'POST';
  return (
    secret &&
    req.url.protocol === 'http:' &&
    !isLoopback(req.url.host) &&
    registryBaseUrl.startsWith('https:')
  );
}

/** Reads `token` / `access_token` and `expires_in` from a token response body. */
export function parseTokenBody(body: string): { token: string; expiresIn: number } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const o = parsed as { token?: unknown; access_token?: unknown; expires_in?: unknown };
  const token =
    typeof o.token === 'string' && o.token
      ? o.token
      : typeof o.access_token === 'string' && o.access_token
        ? o.access_token
        : undefined;
  if (!token) return undefined;
  return { token, expiresIn: typeof o.expires_in === 'number' ? o.expires_in : 60 };
}
