/**
 * A forward proxy on 127.0.0.1 that records what went through it: CONNECT tunnels (https, and
 * http from undici) and absolute-form requests (`GET http://host/…`, Go's way for http). Like a
 * corporate proxy it connects to whatever it is asked to; `0.0.0.0:PORT` targets reach loopback.
 */
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

export interface ProxyRecord {
  /** `CONNECT` or the forwarded method. */
  method: string;
  /** `host:port` for CONNECT, the absolute URL otherwise. */
  target: string;
  /** The Proxy-Authorization header it got, if any. */
  proxyAuthorization?: string;
}

export interface ConnectProxy {
  url: string;
  port: number;
  records: ProxyRecord[];
  stop(): Promise<void>;
}

/**
 * `routes`: `host:port` → `127.0.0.1:port` for CONNECT targets, as a DNS name that resolves to a
 * test server (an ECR host name in front of a loopback registry).
 */
export async function startConnectProxy(
  options: { routes?: Record<string, string> } = {},
): Promise<ConnectProxy> {
  const records: ProxyRecord[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    records.push({
      method: req.method ?? '',
      target: req.url ?? '',
      proxyAuthorization: req.headers['proxy-authorization'],
    });
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute-form requests only');
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const up = http.request(target, { method: req.method, headers, agent: false }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const asked = req.url ?? '';
    const target = options.routes?.[asked] ?? asked;
    records.push({
      method: 'CONNECT',
      target: asked,
      proxyAuthorization: req.headers['proxy-authorization'],
    });
    const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(target);
    if (!m) {
      client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const up = net.connect(Number(m[2]), m[1], () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    for (const s of [up, client]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    up.on('error', () => client.destroy());
    client.on('error', () => up.destroy());
  });
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    records,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
