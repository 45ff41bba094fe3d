/**
 * Servers for TLS faults: one that speaks TLS with a fresh self-signed certificate (made with the
 * openssl CLI), and the address trick that makes a loopback port count as a remote, TLS-expected
 * registry: `0.0.0.0:PORT` reaches 127.0.0.1 on Linux but is not a loopback name, so digestpin
 * and skopeo use https:// for it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';
import tls from 'node:tls';
import { execa } from 'execa';

export interface TlsServer {
  /** `0.0.0.0:PORT`: a host digestpin and skopeo reach over https. */
  host: string;
  port: number;
  stop(): Promise<void>;
}

/** `0.0.0.0:<port>` of a loopback server: reached over https by digestpin and skopeo. */
export function remoteLooking(port: number): string {
  return `0.0.0.0:${port}`;
}

/**
 * Makes a self-signed key and certificate (openssl CLI) in `dir`; `san` adds a subjectAltName for
 * that IP address or host name so the certificate is valid for it once trusted
 * (NODE_EXTRA_CA_CERTS).
 */
export async function makeCertificate(
  dir: string,
  san?: string,
): Promise<{ key: string; cert: string }> {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  await execa('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=digestpin-test',
    ...(san ? ['-addext', `subjectAltName=${net.isIP(san) ? 'IP' : 'DNS'}:${san}`] : []),
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  return { key, cert };
}

/** Listens on 127.0.0.1 with the certificate in `files`; `host` is `0.0.0.0:PORT`. */
async function listenTls(
  files: { key: string; cert: string },
  onSecureConnection: (socket: tls.TLSSocket) => void,
): Promise<TlsServer> {
  const server = tls.createServer(
    { key: await readFile(files.key), cert: await readFile(files.cert) },
    onSecureConnection,
  );
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    host: remoteLooking(port),
    port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A TLS server with a self-signed certificate; by default it closes every connection after the
 * handshake, or `onSecureConnection` handles each connection that completes it.
 */
export async function startSelfSignedTls(
  onSecureConnection: (socket: tls.TLSSocket) => void = (socket) => socket.end(),
): Promise<TlsServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'digestpin-tls-'));
  try {
    return await listenTls(await makeCertificate(dir), onSecureConnection);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface TlsFront extends TlsServer {
  /** The certificate (PEM file) to trust: NODE_EXTRA_CA_CERTS for the built CLI. */
  cert: string;
}

/**
 * A TLS front on 127.0.0.1 that pipes every connection to `targetPort` (a registry or the fault
 * proxy), with a certificate valid for 0.0.0.0 (`host` is `0.0.0.0:PORT`, reached over https).
 * The key and certificate live in `dir`, which the caller removes.
 */
export async function startTrustedTlsFront(targetPort: number, dir: string): Promise<TlsFront> {
  const files = await makeCertificate(dir, '0.0.0.0');
  const server = await listenTls(files, (socket) => {
    const up = net.connect(targetPort, '127.0.0.1');
    socket.pipe(up).pipe(socket);
    socket.on('error', () => up.destroy());
    up.on('error', () => socket.destroy());
  });
  return { ...server, cert: files.cert };
}
