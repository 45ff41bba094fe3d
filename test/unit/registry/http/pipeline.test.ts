// pipelineHeads against scripted raw servers on 127.0.0.1: framing (1xx, bodies a HEAD answer
// must not have, garbage, huge headers), connection ends (close, Connection: close, HTTP/1.0,
// stalls, refused), the depth bound, header injection and TLS verification.
import { once } from 'node:events';
import tls from 'node:tls';
import { afterEach, describe, expect, test } from '@jest/globals';
import {
  parseAnswer,
  pipelineHeads,
  type PipelinedAnswer,
  type PipelinedHead,
} from '../../../../src/registry/http/pipeline.js';
import { startSelfSignedTls } from '../../../support/tls.js';
import {
  closedPort,
  ok,
  pathOf,
  scripted,
  type Handler,
  type Scripted,
} from './pipeline-server.js';

const servers: Scripted[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function serve(handler: Handler): Promise<Scripted> {
  const s = await scripted(handler);
  servers.push(s);
  return s;
}

const heads = (n: number, headers = ['Accept: */*']): PipelinedHead[] =>
  Array.from({ length: n }, (_, i) => ({ path: `/v2/r/manifests/m${i}`, headers }));
const opts = { connections: 1, depth: 4, idleTimeoutMs: 2000 };
const paths = (answers: (PipelinedAnswer | undefined)[]) =>
  answers.map((a) => a && `${a.status} ${a.headers.get('x-path')}`);
const answered = (n: number, k: number) =>
  Array.from({ length: n }, (_, i) => (i < k ? `200 /v2/r/manifests/m${i}` : undefined));

describe('parseAnswer', () => {
  test.each([
    [
      'HTTP/1.1 200 OK\r\nContent-Type: a/b\r\nContent-Length: 3',
      200,
      [
        ['content-type', 'a/b'],
        ['content-length', '3'],
      ],
    ],
    ['HTTP/1.0 404 Not Found', 404, []],
    ['HTTP/1.1 204', 204, []],
    [
      'HTTP/1.1 200 OK\r\nVary: a\r\nVARY:  b \r\nX:',
      200,
      [
        ['vary', 'a, b'],
        ['x', ''],
      ],
    ],
  ])('%j → %i', (block, status, headers) => {
    expect(parseAnswer(block)).toEqual({ status, headers: new Map(headers as [string, string][]) });
  });

  test.each([
    'HTTP/2 200 OK',
    'HTTP/1.1 20 OK',
    'HTTP/1.1 000 Zero',
    'HTTP/1.1 099 Early',
    'HTTP/1.1 600 Beyond',
    'HTTP/1.1 200OK',
    'ICY 200 OK',
    '',
    'garbage',
    ' HTTP/1.1 200 OK',
    'HTTP/1.1 200 OK\r\nno colon here',
    'HTTP/1.1 200 OK\r\n: empty name',
  ])('%j → undefined', (block) => {
    expect(parseAnswer(block)).toBeUndefined();
  });
});

describe('pipelineHeads', () => {
  test.each([
    [10, 3, 2],
    [7, 2, 1],
    [9, 4, 3],
  ])(
    '%i requests over %i connections, depth %i: all in order, bounded',
    async (n, connections, depth) => {
      const s = await serve((_, request, reply) => setTimeout(() => reply(ok(pathOf(request))), 3));
      const requests = heads(n);
      requests[1] = { path: '/v2/r/manifests/m1', headers: [] };
      requests[2] = {
        path: '/v2/r/manifests/m2',
        headers: ['Authorization: Basic eDp5', 'X-A: 1'],
      };
      const answers = await pipelineHeads(s.url, requests, {
        connections,
        depth,
        idleTimeoutMs: 2000,
      });
      expect(paths(answers)).toEqual(answered(n, n));
      expect(s.conns).toHaveLength(connections);
      const seen = s.conns.flatMap((c) => c.requests);
      expect(seen).toHaveLength(n);
      for (const [i, r] of requests.entries()) {
        const expected = [`HEAD ${r.path} HTTP/1.1`, `Host: ${s.host}`, ...r.headers].join('\r\n');
        expect(seen).toContain(expected);
        expect(s.conns[i % connections].requests).toContain(expected);
      }
      expect(Math.max(...s.conns.map((c) => c.maxPending))).toBe(depth);
    },
  );

  test('100 Continue before each answer is skipped', async () => {
    const s = await serve((_, request, reply) =>
      reply(`HTTP/1.1 100 Continue\r\n\r\n${ok(pathOf(request))}`),
    );
    expect(paths(await pipelineHeads(s.url, heads(5), opts))).toEqual(answered(5, 5));
  });

  test('two answers, then the server closes: the rest are undefined', async () => {
    const s = await serve((conn, request, reply) => {
      if (conn.answered < 2) reply(ok(pathOf(request)));
      if (conn.answered === 2) conn.socket.end();
    });
    expect(paths(await pipelineHeads(s.url, heads(6), opts))).toEqual(answered(6, 2));
  });

  test.each([
    ['Connection: close', 'HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\n'],
    ['HTTP/1.0', 'HTTP/1.0 200 OK\r\n'],
  ])('%s on the 2nd answer: later answers on it are not taken', async (_, head) => {
    const s = await serve((conn, request, reply) => {
      const path = pathOf(request);
      reply(conn.answered === 1 ? `${head}X-Path: ${path}\r\n\r\n` : ok(path));
    });
    expect(paths(await pipelineHeads(s.url, heads(5), opts))).toEqual(answered(5, 2));
  });

  test('HTTP/1.0 with keep-alive goes on', async () => {
    const s = await serve((_, request, reply) =>
      reply(`HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nX-Path: ${pathOf(request)}\r\n\r\n`),
    );
    expect(paths(await pipelineHeads(s.url, heads(4), opts))).toEqual(answered(4, 4));
  });

  test.each(['garbage\r\n\r\n', 'HTTP/1.1 200 OK\r\nbroken header\r\n\r\n', 'HTTP/1.1 200 OK\r\n'])(
    'a reply that is not an answer (%j) → undefined in bounded time',
    async (text) => {
      const s = await serve((conn, _, reply) => {
        reply(text);
        conn.socket.end();
      });
      expect(await pipelineHeads(s.url, heads(3), opts)).toEqual([undefined, undefined, undefined]);
    },
  );

  test('a stalled server → undefined after the idle timeout', async () => {
    const s = await serve((conn, request, reply) => {
      if (conn.answered === 0) reply(ok(pathOf(request)));
    });
    const started = Date.now();
    const answers = await pipelineHeads(s.url, heads(4), { ...opts, idleTimeoutMs: 150 });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(paths(answers)).toEqual(answered(4, 1));
  });

  test('a header block over 64 KiB ends the connection without waiting for the timeout', async () => {
    const s = await serve((_, __, reply) =>
      reply(`HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(70_000)}`),
    );
    const started = Date.now();
    const answers = await pipelineHeads(s.url, heads(2), { ...opts, idleTimeoutMs: 10_000 });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(answers).toEqual([undefined, undefined]);
  });

  // With several requests written ahead, an answer-shaped body cannot be told from the next
  // answer by framing; the caller's digest check catches that (client-confirm.test.ts).
  test.each([
    ['an answer-shaped body', 1, `HTTP/1.1 200 OK\r\nX-Path: /bogus\r\n\r\n`],
    ['a JSON body', 1, '{"errors":[{"code":"MANIFEST_UNKNOWN"}]}'],
    ['a JSON body', 4, '{"errors":[{"code":"MANIFEST_UNKNOWN"}]}\r\n\r\n'],
  ])('a HEAD answer followed by %s (depth %i) is never misattributed', async (_, depth, body) => {
    const s = await serve((conn, request, reply) => {
      const path = pathOf(request);
      reply(conn.answered === 0 ? `${ok(path)}${body}` : ok(path));
    });
    const answers = paths(await pipelineHeads(s.url, heads(4), { ...opts, depth }));
    expect(answers[0]).toBe('200 /v2/r/manifests/m0');
    answers
      .slice(1)
      .forEach((a, i) => expect([undefined, `200 /v2/r/manifests/m${i + 1}`]).toContain(a));
  });

  test('a status below 100 is not skipped as informational (the next answer is not taken)', async () => {
    const s = await serve((conn, request, reply) =>
      reply(conn.answered === 0 ? 'HTTP/1.1 099 Odd\r\n\r\n' : ok(pathOf(request))),
    );
    const answers = paths(await pipelineHeads(s.url, heads(3), opts));
    answers.forEach((a, i) => expect([undefined, `200 /v2/r/manifests/m${i}`]).toContain(a));
  });

  test.each([
    ['CR/LF in a header', { path: '/v2/r/manifests/x', headers: ['X-A: 1\r\nX-B: 2'] }],
    ['LF in the path', { path: '/v2/r\n/manifests/x', headers: [] }],
    ['a space in the path', { path: '/v2/r /manifests/x', headers: [] }],
  ])('%s → nothing is sent at all', async (_, bad) => {
    const s = await serve((__, request, reply) => reply(ok(pathOf(request))));
    const answers = await pipelineHeads(s.url, [...heads(2), bad], opts);
    expect(answers).toEqual([undefined, undefined, undefined]);
    await new Promise((r) => setTimeout(r, 50));
    expect(s.conns).toHaveLength(0);
  });

  test('no requests → no connection', async () => {
    const s = await serve(() => undefined);
    expect(await pipelineHeads(s.url, [], opts)).toEqual([]);
    expect(s.conns).toHaveLength(0);
  });

  test('connection refused → all undefined', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    expect(await pipelineHeads(url, heads(3), { ...opts, connections: 2 })).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  test('https with a self-signed certificate: verified, so nothing is asked', async () => {
    const received: string[] = [];
    const server = await startSelfSignedTls((socket) => {
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => {
        received.push(chunk);
        for (const request of chunk.split('\r\n\r\n').filter(Boolean))
          socket.write(ok(pathOf(request)));
      });
    });
    try {
      const answers = await pipelineHeads(`https://${server.host}`, heads(3), opts);
      expect(answers).toEqual([undefined, undefined, undefined]);
      expect(received).toEqual([]);
      // the same server answers a client that does not verify: the refusal above is verification
      const socket = tls.connect({
        host: '127.0.0.1',
        port: server.port,
        rejectUnauthorized: false,
      });
      socket.setEncoding('latin1');
      socket.write('HEAD /v2/x HTTP/1.1\r\nHost: h\r\n\r\n');
      const [reply] = (await once(socket, 'data')) as string[];
      socket.destroy();
      expect(parseAnswer(reply.split('\r\n\r\n')[0])?.headers.get('x-path')).toBe('/v2/x');
    } finally {
      await server.stop();
    }
  });
});
