/**
 * Which proxy a request goes through: `HTTPS_PROXY` / `HTTP_PROXY` and `NO_PROXY`, either case,
 * read exactly as Go's net/http (golang.org/x/net/http/httpproxy) reads them, so that digestpin
 * and skopeo (a Go program) take the same path to a registry:
 *
 * - `HTTPS_PROXY` (then `https_proxy`) for https URLs, `HTTP_PROXY` (then `http_proxy`) for http;
 *   a value without a scheme means `http://`.
 * - `localhost` and loopback IP addresses are never proxied, whatever NO_PROXY says.
 * - `NO_PROXY` (then `no_proxy`): comma-separated; `*` matches every host; an IP address or CIDR
 *   block matches those addresses; `example.com` matches it and its subdomains, `.example.com`
 *   and `*.example.com` only subdomains; an entry may carry a port (`example.com:5000`) and then
 *   matches that port only (the URL's port, or 443/80 when it has none).
 */
import net from 'node:net';

/** The first non-empty value of the named variables. */
function firstOf(env: NodeJS.ProcessEnv, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = env[n];
    if (v) return v;
  }
  return undefined;
}

/** The proxy URL as written (a bare `host:port` gets `http://`), or undefined when unusable. */
function proxyUrl(value: string): string | undefined {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  try {
    return new URL(withScheme).href.replace(/\/$/, '');
  } catch {
    return undefined;
  }
}

/** An IPv4 or IPv6 address as a bigint and its family, or undefined for a name. */
function ipValue(text: string): { v: bigint; bits: 32 | 128 } | undefined {
  const family = net.isIP(text);
  if (family === 4) {
    const v = text.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
    return { v, bits: 32 };
  }
  if (family !== 6) return undefined;
  // an IPv4-mapped address compares as IPv4 (as Go's net.IP does)
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text);
  if (mapped) return ipValue(mapped[1]);
  const [head, tail = ''] = text.split('::');
  const groups = (s: string) => (s ? s.split(':') : []);
  const h = groups(head);
  const t = groups(tail);
  const parts = text.includes('::')
    ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t]
    : h;
  const v = parts.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
  return { v, bits: 128 };
}

function isLoopbackIp(ip: { v: bigint; bits: 32 | 128 }): boolean {
  return ip.bits === 32 ? ip.v >> 24n === 127n : ip.v === 1n;
}

/** Splits `host:port` / `[v6]:port`; the port is undefined without one. */
function splitEntry(entry: string): { host: string; port?: string } {
  const bracketed = /^\[([^\]]*)\](?::(\d*))?$/.exec(entry);
  if (bracketed) return { host: bracketed[1], port: bracketed[2] || undefined };
  const m = /^([^:]*):(\d+)$/.exec(entry);
  return m ? { host: m[1], port: m[2] } : { host: entry };
}

/** Whether one NO_PROXY entry (lower-cased, trimmed) matches `host` (lower-case) and `port`. */
function matches(entry: string, host: string, port: string): boolean {
  if (entry === '*') return true;
  const ip = ipValue(host);
  const cidr = /^(.+)\/(\d{1,3})$/.exec(entry);
  if (cidr) {
    const base = ipValue(cidr[1]);
    const len = Number(cidr[2]);
    if (!base || !ip || base.bits !== ip.bits || len > base.bits) return false;
    const shift = BigInt(base.bits - len);
    return base.v >> shift === ip.v >> shift;
  }
  const e = splitEntry(entry);
  if (e.host === '') return false;
  if (e.port !== undefined && e.port !== port) return false;
  const entryIp = ipValue(e.host);
  if (entryIp) return ip !== undefined && ip.bits === entryIp.bits && ip.v === entryIp.v;
  let domain = e.host.startsWith('*.') ? e.host.slice(1) : e.host;
  const matchesItself = !domain.startsWith('.');
  if (matchesItself) domain = `.${domain}`;
  return host.endsWith(domain) || (matchesItself && host === domain.slice(1));
}

/**
 * The proxy (`http://proxy:port`) a request to `url` goes through under `env`, or undefined for
 * a direct connection.
 */
export function proxyFor(url: string | URL, env: NodeJS.ProcessEnv): string | undefined {
  const u = typeof url === 'string' ? new URL(url) : url;
  const secure = u.protocol === 'https:';
  if (!secure && u.protocol !== 'http:') return undefined;
  const value = secure
    ? firstOf(env, 'HTTPS_PROXY', 'https_proxy')
    : firstOf(env, 'HTTP_PROXY', 'http_proxy');
  if (!value) return undefined;
  const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = u.port || (secure ? '443' : '80');
  if (host === 'localhost') return undefined;
  const ip = ipValue(host);
  if (ip && isLoopbackIp(ip)) return undefined;
  const noProxy = firstOf(env, 'NO_PROXY', 'no_proxy') ?? '';
  for (const raw of noProxy.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (entry && matches(entry, host, port)) return undefined;
  }
  return proxyUrl(value);
}
