// Which requests go through HTTPS_PROXY / HTTP_PROXY, and which NO_PROXY exempts: the table of
// Go's golang.org/x/net/http/httpproxy tests (TestUseProxy, TestAllNoProxy, TestInvalidNoProxy),
// so digestpin and skopeo (Go) take the same path, plus the variable names and their cases.
import { describe, expect, test } from '@jest/globals';
import { proxyFor } from '../../../../src/registry/http/proxy.js';

const NO_PROXY =
  'foobar.com, .barbaz.net, *.wildcard.io, 192.168.1.1, 192.168.1.2:81, 192.168.1.3:80, 10.0.0.0/30, 2001:db8::52:0:1, [2001:db8::52:0:2]:443, [2001:db8::52:0:3]:80, 2002:db8:a::45/64';
const PROXY = 'http://proxy.example:3128';

describe("NO_PROXY as Go's httpproxy reads it (host:80)", () => {
  test.each([
    ['localhost', false],
    ['127.0.0.1', false],
    ['127.0.0.2', false],
    ['[::1]', false],
    ['[::2]', true],
    ['192.168.1.1', false],
    ['192.168.1.2', true],
    ['192.168.1.3', false],
    ['192.168.1.4', true],
    ['10.0.0.2', false],
    ['[2001:db8::52:0:1]', false],
    ['[2001:db8::52:0:2]', true],
    ['[2001:db8::52:0:3]', false],
    ['[2002:db8:a::123]', false],
    ['[fe80::424b:c8be:1643:a1b6]', true],
    ['barbaz.net', true],
    ['www.barbaz.net', false],
    ['foobar.com', false],
    ['www.foobar.com', false],
    ['foofoobar.com', true],
    ['baz.com', true],
    ['localhost.net', true],
    ['local.localhost', true],
    ['barbarbaz.net', true],
    ['wildcard.io', true],
    ['nested.wildcard.io', false],
    ['awildcard.io', true],
  ])('%s → proxied: %s', (host, proxied) => {
    const env = { HTTP_PROXY: PROXY, NO_PROXY };
    expect(proxyFor(`http://${host}:80/v2/`, env)).toBe(proxied ? PROXY : undefined);
    // NO_PROXY=* exempts every host
    expect(proxyFor(`http://${host}:80/v2/`, { HTTP_PROXY: PROXY, NO_PROXY: '*' })).toBeUndefined();
  });

  test('a malformed entry (":1") exempts nothing', () => {
    expect(proxyFor('http://example.com/', { HTTP_PROXY: PROXY, NO_PROXY: ':1' })).toBe(PROXY);
  });

  test('an entry with a port matches the default port of the scheme', () => {
    const env = { HTTPS_PROXY: PROXY, NO_PROXY: 'reg.example:443' };
    expect(proxyFor('https://reg.example/v2/', env)).toBeUndefined();
    expect(proxyFor('https://reg.example:5000/v2/', env)).toBe(PROXY);
  });
});

describe('the variables', () => {
  test.each([
    [
      'https uses HTTPS_PROXY',
      'https://reg.example/',
      { HTTPS_PROXY: PROXY, HTTP_PROXY: 'http://other:1' },
      PROXY,
    ],
    ['…or https_proxy', 'https://reg.example/', { https_proxy: PROXY }, PROXY],
    [
      'upper case first (as Go)',
      'https://reg.example/',
      { HTTPS_PROXY: PROXY, https_proxy: 'http://lower:1' },
      PROXY,
    ],
    [
      'http uses HTTP_PROXY',
      'http://reg.example/',
      { HTTP_PROXY: PROXY, HTTPS_PROXY: 'http://other:1' },
      PROXY,
    ],
    ['…or http_proxy', 'http://reg.example/', { http_proxy: PROXY }, PROXY],
    ['https ignores HTTP_PROXY', 'https://reg.example/', { HTTP_PROXY: PROXY }, undefined],
    [
      'no scheme means http://',
      'https://reg.example/',
      { HTTPS_PROXY: 'proxy.example:3128' },
      PROXY,
    ],
    [
      'no_proxy (lower case) exempts',
      'https://reg.example/',
      { HTTPS_PROXY: PROXY, no_proxy: 'reg.example' },
      undefined,
    ],
    [
      'empty NO_PROXY exempts nothing but loopback',
      'https://reg.example/',
      { HTTPS_PROXY: PROXY, NO_PROXY: '' },
      PROXY,
    ],
    [
      'loopback is direct even when NO_PROXY is empty',
      'https://127.0.0.1:5000/',
      { HTTPS_PROXY: PROXY, NO_PROXY: '' },
      undefined,
    ],
    ['0.0.0.0 is not loopback', 'https://0.0.0.0:5000/', { HTTPS_PROXY: PROXY }, PROXY],
    ['nothing set: direct', 'https://reg.example/', {}, undefined],
  ])('%s', (_n, url, env: NodeJS.ProcessEnv, expected) => {
    expect(proxyFor(url, env)).toBe(expected);
  });
});
