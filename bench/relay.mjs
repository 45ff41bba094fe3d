// The relay's byte path alone: a client PATCHes 256 MiB (with Content-Length, as skopeo does for
// an OCI layer) through the push relay (src/push/relay, bundled on the fly) to a sink, over plain
// HTTP and over HTTPS; prints the relay process's CPU time per run (client and sink run in another
// process). The first run is the one a CLI push gets (cold JIT).
// Usage: node bench/relay.mjs [runs=6] [sizeMiB=256]
import { fork, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(here), '..');
const [role, ...args] = process.argv.slice(2);

if (role === '--peer') {
  // the sink (plain or TLS) and the client, in their own process
  const [work, secure] = args;
  const onReq = (req, res) =>
    req.resume().on('end', () => res.writeHead(202, { 'content-length': 0 }).end());
  const tls = {
    key: fs.readFileSync(path.join(work, 'key.pem')),
    cert: fs.readFileSync(path.join(work, 'cert.pem')),
  };
  const sink = secure === '1' ? https.createServer(tls, onReq) : http.createServer(onReq);
  sink.listen(0, '127.0.0.1', () => process.send({ sink: sink.address().port }));
  process.on('message', ({ go, bytes }) => {
    const chunk = Buffer.alloc(32 * 1024, 7);
    const t = process.hrtime.bigint();
    const req = http.request(
      {
        host: '127.0.0.1',
        port: Number(go.split(':')[1]),
        method: 'PATCH',
        path: '/v2/r/blobs/uploads/x',
        headers: { 'content-length': bytes },
      },
      (res) =>
        res
          .resume()
          .on('end', () => process.send({ ms: Number(process.hrtime.bigint() - t) / 1e6 })),
    );
    let sent = 0;
    const pump = () => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
} else if (role === '--relay') {
  const [work, secure, runs, mib] = args;
  const { startRelay, anonymousUpstream } = await import(
    pathToFileURL(path.join(work, 'relay.mjs')).href
  );
  const peer = fork(here, ['--peer', work, secure]);
  const port = await new Promise((r) => peer.once('message', (m) => r(m.sink)));
  const relay = await startRelay({
    upstream: anonymousUpstream(`${secure === '1' ? 'https' : 'http'}://127.0.0.1:${port}`),
    repository: 'r',
    logger: { info() {}, warn() {}, debug() {} },
    onTagPut: async () => ({ action: 'write' }),
  });
  const cpu = [];
  for (let i = 0; i < Number(runs); i++) {
    const c0 = process.cpuUsage();
    peer.send({ go: relay.host, bytes: Number(mib) * 1024 * 1024 });
    const ms = await new Promise((r) => peer.once('message', (m) => r(m.ms)));
    const c = process.cpuUsage(c0);
    cpu.push(`${((c.user + c.system) / 1000).toFixed(0)} ms CPU (${ms.toFixed(0)} ms wall)`);
  }
  console.log(
    `${secure === '1' ? 'HTTPS' : 'plain HTTP'} upstream, ${mib} MiB per run: ${cpu.join(', ')}`,
  );
  peer.kill();
  await relay.close();
  process.exit(0);
} else {
  const runs = role ?? '6';
  const mib = args[0] ?? '256';
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'digestpin-relay-bench-'));
  try {
    spawnSync(path.join(root, 'node_modules/.bin/esbuild'), [
      path.join(root, 'src/push/relay/server.ts'),
      '--bundle',
      '--platform=node',
      '--format=esm',
      `--outfile=${path.join(work, 'relay.mjs')}`,
      '--log-level=error',
    ]);
    spawnSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=relay-bench',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        path.join(work, 'key.pem'),
        '-out',
        path.join(work, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    // the relay verifies the sink's certificate, trusted the way a user trusts a private CA
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: path.join(work, 'cert.pem') };
    for (const secure of ['0', '1'])
      spawnSync(process.execPath, [here, '--relay', work, secure, runs, mib], {
        stdio: 'inherit',
        env,
      });
    console.log(
      `load average: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
