// The TLS decision (issue 15), at unit level for the names a loopback test cannot use: which hosts
// may skip certificate verification and fall back to plain HTTP, which failures allow that
// fallback, and the URL every host is tried at first.
import { describe, expect, test } from '@jest/globals';
import { DigestpinError } from '../../../../src/errors.js';
import { allowsInsecure, baseUrlFor } from '../../../../src/registry/http/hosts.js';
import { mayFallBackToHttp, networkError } from '../../../../src/registry/http/transport.js';

describe('allowsInsecure: loopback or --insecure, nothing else', () => {
  test.each([
    ['registry.example.com', false, false],
    ['registry.example.com:5000', false, false],
    ['registry.example.com', true, true],
    ['10.0.0.5:5000', false, false],
    ['0.0.0.0:5000', false, false],
    ['localhost.example.com', false, false],
    ['docker.io', false, false],
    ['ghcr.io', true, true],
    ['localhost:5000', false, true],
    ['registry.localhost', false, true],
    ['127.0.0.1:5000', false, true],
    ['127.1.2.3', false, true],
    ['[::1]:5000', false, true],
  ])('%s (--insecure: %s) → %s', (host, insecure, allowed) => {
    expect(allowsInsecure(host, insecure)).toBe(allowed);
  });

  test('every host is tried over https first, Docker Hub at its API host', () => {
    for (const host of ['registry.example.com', 'localhost:5000', '127.0.0.1:5000', '[::1]:5000'])
      expect(baseUrlFor(host)).toBe(`https://${host}`);
    expect(baseUrlFor('docker.io')).toBe('https://registry-1.docker.io');
    expect(baseUrlFor('127.0.0.1:5000', 'http')).toBe('http://127.0.0.1:5000');
  });
});

describe('mayFallBackToHttp: a server answered, but not with TLS', () => {
  const failed = (code: string, message = 'x') =>
    networkError(Object.assign(new Error(message), { code }), 'h:1', 1000);
  test.each([
    ['EPROTO (wrong version number)', failed('EPROTO', 'wrong version number'), true],
    ['ECONNRESET during the handshake', failed('ECONNRESET'), true],
    ['connection refused: no server', failed('ECONNREFUSED'), false],
    ['DNS failure', failed('ENOTFOUND'), false],
    ['connect timeout', failed('ETIMEDOUT'), false],
    ['a registry error status', new DigestpinError('REGISTRY_ERROR', 'x'), false],
    ['not a DigestpinError', new Error('x'), false],
  ])('%s → %s', (_n, err, fallBack) => {
    expect(mayFallBackToHttp(err)).toBe(fallBack);
  });
});
