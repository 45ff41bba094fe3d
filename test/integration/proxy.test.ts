// Proxies (issue 15): HTTPS_PROXY / HTTP_PROXY / NO_PROXY, either case, for every request digestpin
// makes (its own, the push relay's upstream, the AWS SDK's), read as Go (skopeo) reads them:
// loopback names are never proxied, so the registry is named `0.0.0.0:PORT` (a loopback port
// under a name that is not a loopback name, test/support/tls.ts). A real CONNECT proxy on
// 127.0.0.1 records what went through it; a real TLS docker-registry with htpasswd; the built CLI.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { runCli, tempDirs } from '../support/cli.js';
import { startConnectProxy, type ConnectProxy } from '../support/connect-proxy.js';
import { startEcrEmulator, type EcrEmulator } from '../support/ecr-emulator.js';
import { writeOciImage } from '../support/image.js';
import { authJson } from '../support/push.js';
import { freePort, startRegistry, type Registry } from '../support/registry.js';
import { makeCertificate, remoteLooking } from '../support/tls.js';

const USER = 'ci';
const PASSWORD = 'proxy-s3cret-9a0b';
const tmp = tempDirs('digestpin-proxy-');
let registry: Registry;
let proxy: ConnectProxy;
let emu: EcrEmulator;
let host: string;
let cert: string;
let work: string;
let imageRef: string;
let deadProxy: string;

beforeAll(async () => {
  work = await tmp.make();
  const files = await makeCertificate(work, '0.0.0.0');
  cert = files.cert;
  registry = await startRegistry({
    auth: { username: USER, password: PASSWORD },
    tls: { certificate: files.cert, key: files.key },
  });
  host = remoteLooking(registry.port);
  proxy = await startConnectProxy();
  emu = await startEcrEmulator();
  deadProxy = `http://127.0.0.1:${await freePort()}`;
  imageRef = (await writeOciImage(await tmp.make(), { layers: [{ size: 8192, seed: 'proxy' }] }))
    .ref;
  const authfile = path.join(work, 'auth.json');
  await writeFile(
    authfile,
    JSON.stringify({
      auths: {
        ...JSON.parse(authJson(host, USER, PASSWORD)).auths,
        ...JSON.parse(authJson(registry.host, USER, PASSWORD)).auths,
      },
    }),
    { mode: 0o600 },
  );
}, 30000);
afterAll(async () => {
  await Promise.all([registry?.stop(), proxy?.stop(), emu?.close()]);
  await tmp.cleanup();
});
beforeEach(() => {
  proxy.records.length = 0;
});

const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: work,
  XDG_RUNTIME_DIR: work,
  REGISTRY_AUTH_FILE: path.join(work, 'auth.json'),
  NODE_EXTRA_CA_CERTS: cert,
  DIGESTPIN_RETRIES: '0',
  DIGESTPIN_TIMEOUT_MS: '5000',
  ...extra,
});
const run = (args: string[], e: NodeJS.ProcessEnv) => runCli(args, { env: e, extendEnv: false });
const tunnels = () => proxy.records.filter((r) => r.method === 'CONNECT').map((r) => r.target);

describe('HTTPS_PROXY', () => {
  test('push (relay upstream and tag check) and resolve go through the proxy', async () => {
    const e = env({ HTTPS_PROXY: proxy.url });
    const pushed = await run(
      ['push', imageRef, `${host}/px/app`, '--tag', 't1', '--json', '--quiet'],
      e,
    );
    expect(pushed.stderr).toBe('');
    expect(pushed.exitCode).toBe(0);
    expect(tunnels().length).toBeGreaterThan(0);
    expect(new Set(tunnels())).toEqual(new Set([host]));
    proxy.records.length = 0;
    const resolved = await run(['resolve', `${host}/px/app:t1`], e);
    expect(resolved.exitCode).toBe(0);
    const digest = pushed.json<{ digest: string }>().digest;
    expect(resolved.stdout).toContain(digest);
    expect(tunnels()).toContain(host);
    // verify: its pipelined HEADs (raw sockets) are not sent through a proxy; one by one instead
    proxy.records.length = 0;
    const manifest = path.join(work, 'pod.yaml');
    await writeFile(
      manifest,
      `kind: Pod\nspec:\n  containers:\n    - image: ${host}/px/app:t1@${digest}\n`,
    );
    const verified = await run(['verify', manifest], e);
    expect(verified.exitCode).toBe(0);
    expect(tunnels()).toContain(host);
  });

  test('https_proxy (lower case) is honoured too', async () => {
    const r = await run(['resolve', `${host}/px/app:t1`], env({ https_proxy: proxy.url }));
    expect(r.exitCode).toBe(0);
    expect(tunnels()).toContain(host);
  });

  test('a dead proxy: exit 5, the message names the proxy (the request is not made directly)', async () => {
    const r = await run(['resolve', `${host}/px/app:t1`], env({ HTTPS_PROXY: deadProxy }));
    expect(r.exitCode).toBe(5);
    expect(r.stderr).toContain(`through the proxy ${new URL(deadProxy).host}`);
    expect(r.stderr).toContain('NO_PROXY');
  });

  test('NO_PROXY (or no_proxy) naming the host: direct, nothing through the proxy', async () => {
    for (const name of ['NO_PROXY', 'no_proxy']) {
      const r = await run(
        ['resolve', `${host}/px/app:t1`],
        env({ HTTPS_PROXY: deadProxy, [name]: 'example.com, 0.0.0.0' }),
      );
      expect(r.exitCode).toBe(0);
    }
  });

  test('a loopback registry is never proxied, as in Go (skopeo): direct even through a dead proxy', async () => {
    const r = await run(
      ['resolve', `${registry.host}/px/app:t1`],
      env({ HTTPS_PROXY: deadProxy, HTTP_PROXY: deadProxy, NO_PROXY: '' }),
    );
    expect(r.exitCode).toBe(0);
  });
});

describe('HTTP_PROXY', () => {
  test('a plain-HTTP registry with --insecure: https tried through HTTPS_PROXY, then plain http through HTTP_PROXY as absolute-form requests (as Go)', async () => {
    const plain = await startRegistry();
    try {
      const plainHost = remoteLooking(plain.port);
      const r = await run(
        ['resolve', `${plainHost}/px/none:v1`, '--insecure'],
        env({ HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url }),
      );
      expect(r.exitCode).toBe(6);
      expect(tunnels()).toContain(plainHost);
      const forwarded = proxy.records.filter((x) => x.method !== 'CONNECT').map((x) => x.target);
      expect(forwarded).toContain(`http://${plainHost}/v2/`);
      expect(forwarded).toContain(`http://${plainHost}/v2/px/none/manifests/v1`);
    } finally {
      await plain.stop();
    }
  });
});

describe('the AWS SDK', () => {
  test('ECR API calls go through HTTP_PROXY (the emulator is plain http on 0.0.0.0:PORT)', async () => {
    const emuHost = remoteLooking(Number(new URL(emu.url).port));
    const r = await run(
      ['guard', `123456789012.dkr.ecr.eu-west-1.amazonaws.com/px/app:g1`, '--json'],
      {
        ...env({ HTTP_PROXY: proxy.url }),
        AWS_ENDPOINT_URL_ECR: `http://${emuHost}`,
        AWS_ACCESS_KEY_ID: 'AKIDDIGESTPINPROXY',
        AWS_SECRET_ACCESS_KEY: 'dummy-secret-key',
        AWS_CONFIG_FILE: path.join(work, 'no-aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(work, 'no-aws-credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    );
    expect(emu.calls.length).toBeGreaterThan(0);
    expect(tunnels()).toContain(emuHost);
    expect([0, 6]).toContain(r.exitCode);
  });
});
