/**
 * A registry token service (distribution's token.md) for docker-registry's `auth: token`: HTTPS on
 * 127.0.0.1 (reached as `0.0.0.0:PORT`), GET /token with Basic credentials, answers a JWT (RS256,
 * the signing certificate in `x5c`) granting the asked repository actions to that one user. It
 * records who asked (User-Agent, scope), so a test can tell digestpin's requests from skopeo's.
 */
import crypto from 'node:crypto';
import { readFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface TokenServer {
  /** `https://0.0.0.0:PORT/token`: the realm for the registry's configuration. */
  realm: string;
  service: string;
  issuer: string;
  /** Requests so far: their User-Agent and scope, and whether the credentials were right. */
  requests: { userAgent: string; scope: string; ok: boolean }[];
  stop(): Promise<void>;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/**
 * `tls`: the server's certificate and key (valid for 0.0.0.0); `signer`: the key and certificate
 * (PEM files) that sign the tokens, the latter being the registry's rootcertbundle.
 */
export async function startTokenServer(options: {
  tls: { key: string; cert: string };
  signer: { key: string; cert: string };
  username: string;
  password: string;
  /** Token lifetime in seconds (default 300). */
  expiresIn?: number;
}): Promise<TokenServer> {
  const [key, cert, signKey, signCert] = await Promise.all([
    readFile(options.tls.key, 'utf8'),
    readFile(options.tls.cert, 'utf8'),
    readFile(options.signer.key, 'utf8'),
    readFile(options.signer.cert, 'utf8'),
  ]);
  const x5c = new crypto.X509Certificate(signCert).raw.toString('base64');
  const service = 'digestpin-token-test';
  const issuer = 'digestpin-token-issuer';
  const expected = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  const requests: TokenServer['requests'] = [];
  const server = https.createServer({ key, cert }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://token.invalid');
    const scope = url.searchParams.get('scope') ?? '';
    const ok = req.headers.authorization === expected;
    requests.push({ userAgent: req.headers['user-agent'] ?? '', scope, ok });
    if (url.pathname !== '/token' || !ok) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"errors":[{"code":"UNAUTHORIZED","message":"bad credentials"}]}');
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    const access = scope
      .split(' ')
      .filter(Boolean)
      .map((s) => {
        const [type, name, actions] = s.split(':');
        return { type, name, actions: (actions ?? '').split(',').filter(Boolean) };
      });
    const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', x5c: [x5c] }));
    const claims = b64url(
      JSON.stringify({
        iss: issuer,
        sub: options.username,
        aud: service,
        exp: now + (options.expiresIn ?? 300),
        nbf: now - 10,
        iat: now,
        jti: crypto.randomBytes(8).toString('hex'),
        access,
      }),
    );
    const signature = crypto.sign('sha256', Buffer.from(`${header}.${claims}`), signKey);
    const token = `${header}.${claims}.${b64url(signature)}`;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        token,
        expires_in: options.expiresIn ?? 300,
        issued_at: new Date().toISOString(),
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    realm: `https://0.0.0.0:${port}/token`,
    service,
    issuer,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
