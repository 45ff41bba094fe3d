/**
 * node:http agents that honour HTTPS_PROXY / HTTP_PROXY / NO_PROXY (http/proxy.ts decides per
 * connection), for the AWS SDK's node:http request handler. A proxied connection is a CONNECT
 * tunnel through the proxy (TLS to the endpoint inside it for https), as undici's ProxyAgent
 * makes for digestpin's own requests; the rest connect directly.
 *
 * Written here rather than taken from a package (https-proxy-agent): undici, already bundled,
 * has no node:http agent, and the SDK's handler takes only those.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { proxyFor } from './proxy.js';

type Callback = (err: Error | null, socket?: net.Socket) => void;
type ConnectOptions = tls.ConnectionOptions & {
  host?: string | null;
  port?: number | string | null;
};

/** Opens a CONNECT tunnel to `host:port` through `proxy`; the socket is handed to `done`. */
function tunnel(proxy: URL, host: string, port: number, done: Callback): void {
  const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const headers: http.OutgoingHttpHeaders = { host: target };
  if (proxy.username || proxy.password) {
    const user = decodeURIComponent(proxy.username);
    const pass = decodeURIComponent(proxy.password);
    headers['proxy-authorization'] = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  }
  const req = http.request({
    host: proxy.hostname.replace(/^\[|\]$/g, ''),
    port: Number(proxy.port || 80),
    method: 'CONNECT',
    path: target,
    headers,
    agent: false,
  });
  req.once('connect', (res, socket) => {
    if (res.statusCode === 200) return done(null, socket);
    socket.destroy();
    done(
      Object.assign(
        new Error(`the proxy ${proxy.host} answered ${res.statusCode} to CONNECT ${target}`),
        { code: 'EPROXY' },
      ),
    );
  });
  req.once('error', (err) => done(err));
  req.end();
}

function connect(
  env: NodeJS.ProcessEnv,
  secure: boolean,
  options: ConnectOptions,
  done: Callback,
): net.Socket | undefined {
  const host = String(options.host ?? 'localhost');
  const port = Number(options.port ?? (secure ? 443 : 80));
  const proxy = proxyFor(
    `${secure ? 'https' : 'http'}://${net.isIPv6(host) ? `[${host}]` : host}:${port}/`,
    env,
  );
  if (!proxy) return secure ? tls.connect({ ...options, host, port }) : net.connect({ host, port });
  tunnel(new URL(proxy), host, port, (err, socket) => {
    if (err || !socket) return done(err ?? new Error('no tunnel'));
    if (!secure) return done(null, socket);
    const servername = options.servername ?? (net.isIP(host) ? undefined : host);
    done(null, tls.connect({ ...options, socket, ...(servername ? { servername } : {}) }));
  });
  return undefined;
}

class EnvProxyHttpAgent extends http.Agent {
  constructor(private readonly env: NodeJS.ProcessEnv) {
    super({ keepAlive: true });
  }
  override createConnection(
    options: http.RequestOptions,
    done?: (err: Error | null, stream: net.Socket) => void,
  ): net.Socket | undefined {
    return connect(
      this.env,
      false,
      options as ConnectOptions,
      (done ?? (() => undefined)) as Callback,
    );
  }
}

class EnvProxyHttpsAgent extends https.Agent {
  constructor(private readonly env: NodeJS.ProcessEnv) {
    super({ keepAlive: true });
  }
  override createConnection(
    options: http.RequestOptions,
    done?: (err: Error | null, stream: net.Socket) => void,
  ): net.Socket | undefined {
    return connect(
      this.env,
      true,
      options as ConnectOptions,
      (done ?? (() => undefined)) as Callback,
    );
  }
}

/** An http and an https agent that go through the proxies `env` names (and direct otherwise). */
export function proxyAwareAgents(env: NodeJS.ProcessEnv): {
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
} {
  return { httpAgent: new EnvProxyHttpAgent(env), httpsAgent: new EnvProxyHttpsAgent(env) };
}

/** Whether `env` names any proxy (then the SDK gets the agents above). */
export function anyProxy(env: NodeJS.ProcessEnv): boolean {
  return ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((n) => Boolean(env[n]));
}
