/**
 * HEAD requests over kept-alive connections. Node's fetch (undici) closes the connection after
 * every HEAD (it cannot tell whether a server will send a body anyway), so 200 HEADs cost 200 TCP
 * connects — and against a real registry 200 TLS handshakes. node:http with a keep-alive agent
 * reuses them: measured here, 200 manifest HEADs on loopback took ~180 ms instead of ~500 ms.
 * Redirects are left to fetch (the caller falls back to it); the result is a fetch `Response`.
 */
import http from 'node:http';
import https from 'node:https';

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64, timeout: 30_000 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64, timeout: 30_000 }),
};

function toHeaders(raw: http.IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return headers;
}

/**
 * Sends a HEAD and resolves with the response, or with undefined for a redirect (3xx) or an odd status, which the
 * caller then sends through fetch, which follows it. Rejects with the socket's error (its `code`
 * says ECONNREFUSED, ENOTFOUND, a certificate problem…) or with an AbortError on `signal`.
 */
export function keepAliveHead(
  url: string,
  headers: Headers,
  signal: AbortSignal,
): Promise<Response | undefined> {
  const target = new URL(url);
  const proto = target.protocol === 'https:' ? https : http;
  const agent = target.protocol === 'https:' ? agents['https:'] : agents['http:'];
  return new Promise((resolve, reject) => {
    const req = proto.request(
      target,
      { method: 'HEAD', agent, signal, headers: Object.fromEntries(headers) },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        const done = (): void =>
          resolve(
            status < 200 || (status >= 300 && status < 400) || status > 599
              ? undefined
              : new Response(null, {
                  status,
                  statusText: res.statusMessage ?? '',
                  headers: toHeaders(res.headers),
                }),
          );
        if (res.complete) done();
        else res.once('end', done);
        res.once('error', reject);
      },
    );
    req.once('error', reject);
    req.end();
  });
}
