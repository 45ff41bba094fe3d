/**
 * HEADs sent HTTP/1.1-pipelined: a few connections, several requests written before the answers
 * come back. `verify` asks one HEAD per pinned image; one by one (even 8 at a time over kept-alive
 * connections) most of the wall time is round trips and per-request work in node:http, and on a
 * small machine the client's CPU competes with a loopback registry's. Pipelined, the requests are
 * written in a few syscalls and the answers parsed in bulk.
 *
 * Only ever an accelerator, never an authority: the caller treats an answer as proof only when
 * it is a 200 naming the digest it asked for (see RegistryClient.confirmManifests). Anything
 * else — an error status, a closed or stalled connection, a reply that does not parse, a proxy
 * that mixes answers up — leaves those requests unanswered, and the caller asks them again one by
 * one with retries, auth and error classification. A HEAD answer has no body (RFC 9110 §9.3.2),
 * so each answer ends at its blank line whatever Content-Length says: framing needs no body rules.
 */
import net from 'node:net';
import tls from 'node:tls';
import { splitHostPort } from './hosts.js';

export interface PipelinedHead {
  /** Path and query, e.g. `/v2/team/app/manifests/sha256:…`. */
  path: string;
  /** Header lines beyond Host, already in `Name: value` form. */
  headers: string[];
}

export interface PipelinedAnswer {
  status: number;
  /** Header names lower-case; repeated headers joined with ", ". */
  headers: Map<string, string>;
}

export interface PipelineOptions {
  /** Connections to open (each carries its share of the requests). */
  connections: number;
  /** Requests written ahead of their answers, per connection. */
  depth: number;
  /** A connection that makes no progress for this long is given up. */
  idleTimeoutMs: number;
  /** Accept any certificate (the host allows it: --insecure, loopback). */
  unverifiedTls?: boolean;
}

const HEADER_END = '\r\n\r\n';
/** A header block longer than this is not a registry's HEAD answer: give the connection up. */
const MAX_HEADER_BYTES = 64 * 1024;
const LINE_BREAK = /[\r\n]/;

/** Parses one answer's header block (without the blank line); undefined when it is not one. */
export function parseAnswer(block: string): PipelinedAnswer | undefined {
  const lines = block.split('\r\n');
  // 1xx–5xx only: a `000` or `099` skipped as informational would shift every later answer
  const status = /^HTTP\/1\.[01] ([1-5]\d\d)(?: |$)/.exec(lines[0]);
  if (!status) return undefined;
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const before = headers.get(name);
    headers.set(name, before === undefined ? value : `${before}, ${value}`);
  }
  return { status: Number(status[1]), headers };
}

/** True when the server says it closes the connection after this answer. */
function closesAfter(block: string, answer: PipelinedAnswer): boolean {
  const connection = (answer.headers.get('connection') ?? '').toLowerCase();
  if (connection.split(',').some((t) => t.trim() === 'close')) return true;
  return block.startsWith('HTTP/1.0') && !connection.includes('keep-alive');
}

/** Sends `requests` (all HEAD) down one connection; fills `answers` at their indexes. */
function runConnection(
  url: URL,
  requests: PipelinedHead[],
  indexes: number[],
  answers: (PipelinedAnswer | undefined)[],
  opts: PipelineOptions,
): Promise<void> {
  // splitHostPort takes the brackets off an IPv6 address
  const { hostname: name, port } = splitHostPort(url.host);
  const secure = url.protocol === 'https:';
  const toPort = Number(port ?? (secure ? 443 : 80));
  return new Promise((resolve) => {
    const socket = secure
      ? tls.connect({
          host: name,
          port: toPort,
          servername: net.isIP(name) ? undefined : name,
          ALPNProtocols: ['http/1.1'],
          rejectUnauthorized: !opts.unverifiedTls,
        })
      : net.connect({ host: name, port: toPort });
    let sent = 0;
    let received = 0;
    let buffered = '';
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      socket.destroy();
      resolve();
    };
    const write = (): void => {
      const upTo = Math.min(indexes.length, received + opts.depth);
      if (sent >= upTo) return;
      let text = '';
      for (; sent < upTo; sent++) {
        const r = requests[indexes[sent]];
        const lines = [`HEAD ${r.path} HTTP/1.1`, `Host: ${url.host}`, ...r.headers];
        text += `${lines.join('\r\n')}\r\n\r\n`;
      }
      socket.write(text, 'latin1');
    };
    socket.setNoDelay(true);
    socket.setTimeout(opts.idleTimeoutMs, finish);
    socket.on('error', finish);
    socket.once('close', finish);
    socket.once(secure ? 'secureConnect' : 'connect', write);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      for (;;) {
        const end = buffered.indexOf(HEADER_END);
        if (end < 0) {
          if (buffered.length > MAX_HEADER_BYTES) return finish();
          return write();
        }
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + HEADER_END.length);
        const answer = parseAnswer(block);
        if (!answer) return finish();
        if (answer.status < 200) continue; // 1xx: informational, the real answer follows
        // an answer to a request not yet written: a body or a stray answer, not ours to attribute
        if (received >= sent) return finish();
        answers[indexes[received++]] = answer;
        if (received === indexes.length || closesAfter(block, answer)) return finish();
      }
    });
  });
}

/**
 * Sends every request as a HEAD to `baseUrl` (http or https, as the registry client would) over
 * `opts.connections` connections. Resolves, never rejects, with an answer per request, or
 * undefined for each request that got none (the caller asks those again one by one).
 */
export async function pipelineHeads(
  baseUrl: string,
  requests: PipelinedHead[],
  opts: PipelineOptions,
): Promise<(PipelinedAnswer | undefined)[]> {
  const answers = new Array<PipelinedAnswer | undefined>(requests.length).fill(undefined);
  // a path with white space, or a header with a line break, would split into other requests
  const safe = requests.every(
    (r) => !/\s/.test(r.path) && r.headers.every((h) => !LINE_BREAK.test(h)),
  );
  if (!safe || requests.length === 0) return answers;
  const url = new URL(baseUrl);
  const n = Math.max(1, Math.min(opts.connections, requests.length));
  const shares: number[][] = Array.from({ length: n }, () => []);
  requests.forEach((_, i) => shares[i % n].push(i));
  await Promise.all(shares.map((share) => runConnection(url, requests, share, answers, opts)));
  return answers;
}
