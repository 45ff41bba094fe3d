/**
 * fetch for the requests that need more than Node's global fetch gives: TLS without certificate
 * verification (--insecure, loopback hosts) or a proxy (HTTPS_PROXY/HTTP_PROXY). Those go
 * through the undici package's own fetch with an `Agent` or `ProxyAgent` dispatcher (one per
 * kind, kept for the run). undici is loaded only then: a run that needs neither never loads it.
 */
import type { Dispatcher } from 'undici';
import { cjsNamespace } from '../../cjs.js';
import type { RegistryResponse } from './keepalive.js';

type Undici = typeof import('undici');

export interface RouteOptions {
  /** Accept any certificate (the host allows it: --insecure or loopback). */
  unverifiedTls: boolean;
  /** `http://proxy:port` to send the request through (CONNECT for https, absolute-form for http). */
  proxy?: string;
}

let loading: Promise<Undici> | undefined;
const dispatchers = new Map<string, Dispatcher>();

function undici(): Promise<Undici> {
  loading ??= import('undici').then((m) => cjsNamespace(m as unknown as Undici, 'fetch', 'undici'));
  return loading;
}

async function dispatcherFor(o: RouteOptions): Promise<Dispatcher> {
  const key = `${o.unverifiedTls}|${o.proxy ?? ''}`;
  const known = dispatchers.get(key);
  if (known) return known;
  const { Agent, ProxyAgent } = await undici();
  const tls = { rejectUnauthorized: !o.unverifiedTls };
  const made = o.proxy
    ? // plain-HTTP targets as absolute-form requests to the proxy (as Go does), https tunnelled
      new ProxyAgent({ uri: o.proxy, requestTls: tls, proxyTunnel: false })
    : new Agent({ connect: tls });
  dispatchers.set(key, made);
  return made;
}

/** fetch through undici with the dispatcher `o` asks for. */
export async function routedFetch(
  url: string,
  init: RequestInit & { duplex?: 'half' },
  o: RouteOptions,
): Promise<RegistryResponse> {
  const [{ fetch }, dispatcher] = await Promise.all([undici(), dispatcherFor(o)]);
  return await fetch(url, { ...init, dispatcher });
}
