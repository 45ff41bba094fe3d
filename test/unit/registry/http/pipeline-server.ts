// A scripted raw HTTP/1.1 server for pipeline tests: it splits what arrives into header blocks
// (HEAD requests have no body), records them per connection with the most requests it ever held
// unanswered, and lets the test's handler write whatever bytes it likes back.
import net, { type AddressInfo } from 'node:net';

export interface Conn {
  socket: net.Socket;
  /** Request header blocks as they arrived (without the blank line). */
  requests: string[];
  answered: number;
  /** Most requests seen and not yet answered at any moment. */
  maxPending: number;
}

/** Writes one answer and counts it as answering the oldest pending request. */
export type Reply = (text: string) => void;
export type Handler = (conn: Conn, request: string, reply: Reply) => void;

export interface Scripted {
  url: string;
  host: string;
  conns: Conn[];
  close(): Promise<void>;
}

/** The request line's path (`HEAD /x HTTP/1.1` → `/x`). */
export const pathOf = (request: string): string => request.split('\r\n')[0].split(' ')[1];

/** A 200 answer naming the path it answers (and a Content-Length a HEAD must not be read by). */
export const ok = (path: string, extra = ''): string =>
  `HTTP/1.1 200 OK\r\nX-Path: ${path}\r\nContent-Length: 1234\r\n${extra}\r\n`;

export async function scripted(handler: Handler): Promise<Scripted> {
  const conns: Conn[] = [];
  const server = net.createServer((socket) => {
    const conn: Conn = { socket, requests: [], answered: 0, maxPending: 0 };
    conns.push(conn);
    let buffered = '';
    socket.setEncoding('latin1');
    socket.on('error', () => undefined);
    socket.on('data', (chunk: string) => {
      // a TLS ClientHello (a client trying https first): answered as an HTTP server would
      if (buffered === '' && chunk.startsWith('\x16')) {
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n', 'latin1');
        return;
      }
      buffered += chunk;
      for (let end = buffered.indexOf('\r\n\r\n'); end >= 0; end = buffered.indexOf('\r\n\r\n')) {
        const request = buffered.slice(0, end);
        buffered = buffered.slice(end + 4);
        conn.requests.push(request);
        conn.maxPending = Math.max(conn.maxPending, conn.requests.length - conn.answered);
        handler(conn, request, (text) => {
          conn.answered++;
          if (!socket.destroyed && socket.writable) socket.write(text, 'latin1');
        });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `http://${host}`,
    host,
    conns,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of conns) c.socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (listened on, then closed). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
