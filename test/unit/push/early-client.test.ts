/**
 * The client push makes while its code loads (src/push/early-client.ts): made, and the registry
 * pinged at once, only where push would make the same client itself.
 */
import { describe, expect, test } from '@jest/globals';
import { earlyClient } from '../../../src/push/early-client.js';
import type { RegistryClient } from '../../../src/registry/client.js';
import { silentLogger } from '../../../src/log.js';

/** A stand-in for the client module: records what it was made with and what it was asked. */
function fakeModule(log: string[]) {
  class Fake {
    constructor(readonly opts: { authfile?: string; insecure?: boolean }) {
      log.push(`new authfile=${String(opts.authfile)} insecure=${String(opts.insecure)}`);
    }
    authScheme(host: string) {
      log.push(`ping ${host}`);
      return Promise.resolve('basic' as const);
    }
  }
  return () => Promise.resolve({ RegistryClient: Fake as unknown as typeof RegistryClient });
}

const ctx = { env: {}, logger: silentLogger };
const opts = { authfile: '/run/auth.json', insecure: false, ecr: false };

describe('earlyClient', () => {
  test('an HTTPS registry: the client is made with push’s options and pings the registry at once', async () => {
    const log: string[] = [];
    const c = earlyClient(
      { ...opts, repository: 'registry.example.com:5000/team/app' },
      ctx,
      fakeModule(log),
    );
    expect(c).toBeDefined();
    await c;
    expect(log).toEqual([
      'new authfile=/run/auth.json insecure=false',
      'ping registry.example.com:5000',
    ]);
  });

  test.each([
    ['ECR, by its host', { repository: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app' }],
    ['ECR, forced', { repository: 'registry.example.com/app', ecr: true }],
    ['a loopback registry (may lack TLS)', { repository: '127.0.0.1:5000/app' }],
    ['localhost', { repository: 'localhost:5000/app' }],
    ['--insecure', { repository: 'registry.example.com/app', insecure: true }],
    ['a repository that does not parse (push reports it)', { repository: 'Team/App:tag' }],
  ])('none for %s', async (_name, o) => {
    const log: string[] = [];
    expect(earlyClient({ ...opts, ...o }, ctx, fakeModule(log))).toBeUndefined();
    await Promise.resolve();
    expect(log).toEqual([]);
  });

  test('a client module that fails to load: the promise rejects, and push meets that where it first uses the client', async () => {
    const c = earlyClient({ ...opts, repository: 'registry.example.com/app' }, ctx, () =>
      Promise.reject(new Error('cannot load')),
    );
    await expect(c).rejects.toThrow('cannot load');
  });
});
