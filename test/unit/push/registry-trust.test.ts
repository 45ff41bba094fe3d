// What skopeo trusts for a destination it uploads blobs to directly (relayed-push.ts
// `registryTrust`): NODE_EXTRA_CA_CERTS, then the first certs.d folder named after the host, as
// containers/image reads them (containers-certs.d(5)) — since --dest-cert-dir replaces that lookup.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { certsDirs, registryTrust } from '../../../src/push/relayed-push.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'digestpin-trust-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function folder(...files: [string, string][]): string {
  const dir = fs.mkdtempSync(path.join(root, 'd-'));
  for (const [name, text] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('registryTrust', () => {
  test('NODE_EXTRA_CA_CERTS first, then the first certs.d folder that has the host (CAs and client certificates)', () => {
    const extra = path.join(folder(['ca.pem', 'EXTRA']), 'ca.pem');
    const user = folder(['other.example:5000/ca.crt', 'USER-OTHER']);
    const etc = folder(
      ['reg.example:5000/ca.crt', 'ETC-CA'],
      ['reg.example:5000/client.cert', 'ETC-CLIENT-CERT'],
      ['reg.example:5000/client.key', 'ETC-CLIENT-KEY'],
      ['reg.example:5000/README', 'not a certificate'],
    );
    const docker = folder(['reg.example:5000/ca.crt', 'DOCKER-CA']);
    const got = registryTrust('reg.example:5000', { NODE_EXTRA_CA_CERTS: extra }, [
      user,
      etc,
      docker,
    ]);
    expect(got).toEqual([
      { name: 'node-extra-ca-certs.crt', pem: 'EXTRA' },
      { name: 'certs.d-ca.crt', pem: 'ETC-CA' },
      { name: 'certs.d-client.cert', pem: 'ETC-CLIENT-CERT' },
      { name: 'certs.d-client.key', pem: 'ETC-CLIENT-KEY' },
    ]);
  });

  test('nothing configured: nothing added (skopeo keeps the system roots); an unreadable NODE_EXTRA_CA_CERTS is skipped', () => {
    expect(registryTrust('reg.example', {}, [folder()])).toEqual([]);
    expect(
      registryTrust('reg.example', { NODE_EXTRA_CA_CERTS: path.join(root, 'missing.pem') }, []),
    ).toEqual([]);
  });

  test("the folders in containers/image's order: $HOME's (root's too, XDG_CONFIG_HOME ignored), /etc/containers, /etc/docker", () => {
    expect(certsDirs({ HOME: '/home/u', XDG_CONFIG_HOME: '/cfg' })).toEqual([
      '/home/u/.config/containers/certs.d',
      '/etc/containers/certs.d',
      '/etc/docker/certs.d',
    ]);
    expect(certsDirs({ HOME: '/root' })[0]).toBe('/root/.config/containers/certs.d');
  });
});
