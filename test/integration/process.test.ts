import { describe, expect, test } from '@jest/globals';
import { killLiveChildren, runProcess } from '../../src/process.js';

const env = process.env;

describe('runProcess', () => {
  test('collects stdout, stderr and the exit code', async () => {
    const r = await runProcess('sh', ['-c', 'printf out; printf err >&2; exit 3'], {
      env,
      timeoutMs: 10_000,
    });
    expect(r).toMatchObject({ exitCode: 3, timedOut: false, isCanceled: false });
    expect(r.stdout.toString()).toBe('out');
    expect(r.stderr.toString()).toBe('err');
    expect(r.message).toMatch(/exit code 3/);
  });

  test('onSpawn is called once, while the child still runs, and also when it cannot start', async () => {
    const events: string[] = [];
    const running = runProcess('sh', ['-c', 'sleep 0.5; echo done'], {
      env,
      timeoutMs: 10_000,
      onSpawn: () => events.push('spawned'),
    });
    void running.then(() => events.push('finished'));
    await new Promise((r) => setTimeout(r, 100));
    expect(events).toEqual(['spawned']);
    expect((await running).stdout.toString()).toBe('done');
    expect(events).toEqual(['spawned', 'finished']);

    let calls = 0;
    const missing = await runProcess('digestpin-no-such-program', [], {
      env,
      timeoutMs: 10_000,
      onSpawn: () => calls++,
    });
    expect(missing.errorCode).toBe('ENOENT');
    expect(calls).toBe(1);
  });

  test('a missing program → ENOENT, no exit code', async () => {
    const r = await runProcess('digestpin-no-such-program', [], { env, timeoutMs: 10_000 });
    expect(r.exitCode).toBeUndefined();
    expect(r.errorCode).toBe('ENOENT');
    expect(r.message).toMatch(/ENOENT/);
  });

  test('the timeout sends SIGTERM', async () => {
    const r = await runProcess('sleep', ['30'], { env, timeoutMs: 100, forceKillAfterMs: 2000 });
    expect(r).toMatchObject({ timedOut: true, isCanceled: false });
    expect(r.exitCode).toBeUndefined();
    expect(r.message).toMatch(/SIGTERM/);
  });

  test('a cancel of a process ignoring SIGTERM ends with SIGKILL after the grace period', async () => {
    const ctrl = new AbortController();
    const started = Date.now();
    const running = runProcess('sh', ['-c', 'trap "" TERM; while :; do sleep 0.05; done'], {
      env,
      timeoutMs: 30_000,
      forceKillAfterMs: 200,
      signal: ctrl.signal,
    });
    setTimeout(() => ctrl.abort(), 100);
    const r = await running;
    expect(r).toMatchObject({ isCanceled: true, timedOut: false });
    expect(r.message).toMatch(/SIGKILL/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test('an already aborted signal cancels at once; killLiveChildren ends the rest', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    const r = await runProcess('sleep', ['30'], { env, timeoutMs: 30_000, signal: ctrl.signal });
    expect(r.isCanceled).toBe(true);
    const running = runProcess('sleep', ['30'], { env, timeoutMs: 30_000 });
    killLiveChildren();
    expect((await running).message).toMatch(/SIGTERM/);
  });
});
