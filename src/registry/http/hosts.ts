/**
 * Registry host names: which URL a host is reached at, and which hosts count as the same for
 * credentials (docker.io ≡ index.docker.io ≡ registry-1.docker.io, like the docker CLI).
 */

/** The API endpoint of Docker Hub; `docker.io` itself serves no distribution API. */
export const DOCKER_HUB_API_HOST = 'registry-1.docker.io';
/** The key the docker CLI stores Docker Hub credentials under. */
export const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/';

const HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** Splits `host[:port]` (with bracketed IPv6) into the host name and the port. */
export function splitHostPort(host: string): { hostname: string; port?: string } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(host);
  if (bracketed) return { hostname: bracketed[1], port: bracketed[2] };
  const i = host.lastIndexOf(':');
  if (i > 0 && host.indexOf(':') === i && /^\d+$/.test(host.slice(i + 1)))
    return { hostname: host.slice(0, i), port: host.slice(i + 1) };
  return { hostname: host };
}

/** localhost, 127.0.0.0/8 and ::1: insecure without being told (see allowsInsecure), like docker. */
export function isLoopback(host: string): boolean {
  const name = splitHostPort(host).hostname.toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost') || name === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** The host requests go to: Docker Hub's names all lead to its API host. */
export function apiHost(host: string): string {
  return HUB_ALIASES.has(host.toLowerCase()) ? DOCKER_HUB_API_HOST : host;
}

/**
 * Whether `host` may be reached with an unverified certificate and, where it does not speak TLS,
 * over plain HTTP: `--insecure`, or a loopback host (docker's insecure registries, skopeo's
 * `--tls-verify=false`). Every host is still tried over HTTPS first.
 */
export function allowsInsecure(host: string, insecure: boolean): boolean {
  return insecure || isLoopback(apiHost(host));
}

/** `https://host` (Docker Hub: its API host); `http://` only once a host proved to have no TLS. */
export function baseUrlFor(host: string, scheme: 'https' | 'http' = 'https'): string {
  return `${scheme}://${apiHost(host)}`;
}

/**
 * The host a credentials key stands for, as the docker CLI reads keys: the scheme and any path
 * are dropped (`https://host/v1/` → `host`), and every Docker Hub alias becomes `docker.io`.
 * Returns the path too (`host/ns/repo` keys are scoped to a namespace, as in containers auth.json).
 */
export function normalizeAuthKey(key: string): { host: string; path: string } {
  let rest = key.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  rest = rest.replace(/\/+$/, '');
  const slash = rest.indexOf('/');
  let host = slash < 0 ? rest : rest.slice(0, slash);
  let path = slash < 0 ? '' : rest.slice(slash + 1);
  if (HUB_ALIASES.has(host.toLowerCase())) host = 'docker.io';
  if (/^v[12]$/.test(path)) path = '';
  return { host: host.toLowerCase(), path };
}

/** The canonical host name used for credential lookups and caches. */
export function normalizeHost(host: string): string {
  return normalizeAuthKey(host).host;
}
