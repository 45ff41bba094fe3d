// A registry reached over HTTPS whose Bearer challenge names a plain-http token service on another
// host: digestpin must not send the registry's credentials there in clear text (exit 4, nothing
// sent), while an anonymous token request (no secret in it) is still made. Built CLI as a
// subprocess, https through a TLS front (certificate trusted with NODE_EXTRA_CA_CERTS) in front
// of the fault proxy, which answers every request with the challenge.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { runCli, tempDirs } from '../../support/cli.js';
import { faults, startFaultProxy, type FaultProxy } from '../../support/faults.js';
import { authJson, secretForms } from '../../support/push.js';
import { startRegistry, type Registry } from '../../support/registry.js';
import { startTrustedTlsFront, type TlsFront } from '../../support/tls.js';

const PASSWORD = 'realm-secret-3f9c1d';
const REALM = 'http://token.digestpin-test.invalid/token';
const tmp = tempDirs();
let registry: Registry;
let proxy: FaultProxy;
let front: TlsFront;
let cert: string;
let host: string;
let home: string;

beforeAll(async () => {
  home = await tmp.make();
  registry = await startRegistry();
  proxy = await startFaultProxy(registry.url, [
    {
      path: /^\/v2\//,
      fault: faults.status(401, {
        headers: { 'www-authenticate': `Bearer realm="${REALM}",service="test"` },
      }),
    },
  ]);
  front = await startTrustedTlsFront(proxy.port, await tmp.make());
  cert = front.cert;
  host = front.host;
});

afterAll(async () => {
  await front.stop();
  await proxy.stop();
  await registry.stop();
  await tmp.cleanup();
});

const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  HOME: home,
  NODE_EXTRA_CA_CERTS: cert,
  DIGESTPIN_RETRIES: '0',
  DIGESTPIN_TIMEOUT_MS: '3000',
  REGISTRY_AUTH_FILE: '',
  XDG_RUNTIME_DIR: '',
  ...extra,
});

describe('a plain-http token realm behind an https registry', () => {
  test('with credentials: refused before anything is sent (exit 4), the password nowhere', async () => {
    const authfile = path.join(await tmp.make(), 'auth.json');
    await writeFile(authfile, authJson(host, 'ci', PASSWORD), { mode: 0o600 });
    const r = await runCli(['resolve', '--authfile', authfile, `${host}/demo/app:v1`], {
      env: env(),
    });
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toContain('http://token.digestpin-test.invalid');
    expect(r.stderr).toContain('clear text');
    expect(r.stderr).toContain('https://');
    for (const secret of secretForms('ci', PASSWORD))
      expect(`${r.stdout}${r.stderr}`).not.toContain(secret);
  });

  test('anonymous: the token request is made (no secret in it) and fails to resolve the realm host', async () => {
    const r = await runCli(['resolve', `${host}/demo/app:v1`], { env: env() });
    expect(r.exitCode).toBe(5);
    expect(r.stderr).toContain('token.digestpin-test.invalid');
    expect(r.stderr).not.toContain('clear text');
  });
});
