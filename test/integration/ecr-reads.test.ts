/**
 * Reading from an ECR registry with the job's AWS credentials only (DESIGN.md "Registries and
 * credentials": --authfile, then ECR — the AWS SDK's chain and GetAuthorizationToken — then the
 * auth files): resolve, verify, pin --resolve, and push from a docker:// source in ECR (promoting an
 * image from a staging account), as in a CI job whose only login is
 * aws-actions/configure-aws-credentials. The ECR host name `123456789012.dkr.ecr.eu-west-1.amazonaws.com`
 * reaches a real docker-registry (TLS with a certificate for that name, htpasswd user AWS) through
 * an HTTPS proxy that routes the name to it; the loopback ECR emulator's GetAuthorizationToken hands
 * out that user's password. The built CLI, real skopeo (which reads the source through the proxy).
 */
import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { runCli, tempDirs } from '../support/cli.js';
import { startConnectProxy, type ConnectProxy } from '../support/connect-proxy.js';
import { startEcrEmulator, type EcrEmulator } from '../support/ecr-emulator.js';
import { writeOciImage } from '../support/image.js';
import { authJson } from '../support/push.js';
import { startRegistry, type Registry } from '../support/registry.js';
import { makeCertificate } from '../support/tls.js';

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const PASSWORD = 'ecr-read-password-7f3a';
const tmp = tempDirs('digestpin-ecr-reads-');
let work: string;
let cert: string;
let ecrRegistry: Registry;
let plain: Registry;
let proxy: ConnectProxy;
let emu: EcrEmulator;
let digest: string;

beforeAll(async () => {
  work = await tmp.make();
  const files = await makeCertificate(work, ECR);
  cert = files.cert;
  ecrRegistry = await startRegistry({
    auth: { username: 'AWS', password: PASSWORD },
    tls: { certificate: files.cert, key: files.key },
  });
  plain = await startRegistry();
  proxy = await startConnectProxy({ routes: { [`${ECR}:443`]: `127.0.0.1:${ecrRegistry.port}` } });
  emu = await startEcrEmulator();
  emu.auth = { username: 'AWS', password: PASSWORD, proxyEndpoint: `https://${ECR}` };
  // the image, put there with skopeo and the password (not with digestpin)
  const image = await writeOciImage(await tmp.make(), {
    layers: [{ size: 64 * 1024, random: true }],
  });
  // skopeo reads CAs from *.crt files in a folder
  const certDir = await tmp.make();
  await copyFile(files.cert, path.join(certDir, 'ca.crt'));
  const digestFile = path.join(work, 'digest');
  await execa(
    'skopeo',
    [
      'copy',
      '--quiet',
      '--format',
      'v2s2',
      '--dest-creds',
      `AWS:${PASSWORD}`,
      '--dest-cert-dir',
      certDir,
      '--digestfile',
      digestFile,
      image.ref,
      `docker://${ECR}/staging/app:v1`,
    ],
    { env: { HTTPS_PROXY: proxy.url }, extendEnv: true },
  );
  digest = (await execa('cat', [digestFile])).stdout.trim();
  // the same image in a second repository (one lookup per region, not per repository)
  await execa(
    'skopeo',
    [
      'copy',
      '--quiet',
      '--src-creds',
      `AWS:${PASSWORD}`,
      '--src-cert-dir',
      certDir,
      '--dest-creds',
      `AWS:${PASSWORD}`,
      '--dest-cert-dir',
      certDir,
      `docker://${ECR}/staging/app:v1`,
      `docker://${ECR}/staging/copy:v1`,
    ],
    { env: { HTTPS_PROXY: proxy.url }, extendEnv: true },
  );
}, 60000);
afterAll(async () => {
  await Promise.all([ecrRegistry?.stop(), plain?.stop(), proxy?.stop(), emu?.close()]);
  await tmp.cleanup();
});

/** A CI job's environment: AWS credentials (for the emulator), the proxy, the CA; no auth file. */
function awsJob(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: work,
    XDG_RUNTIME_DIR: work,
    HTTPS_PROXY: proxy.url,
    NO_PROXY: '127.0.0.1,0.0.0.0,localhost',
    NODE_EXTRA_CA_CERTS: cert,
    AWS_ENDPOINT_URL_ECR: emu.url,
    AWS_ACCESS_KEY_ID: 'AKIDDIGESTPINREADS',
    AWS_SECRET_ACCESS_KEY: 'dummy-secret-key',
    AWS_CONFIG_FILE: path.join(work, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(work, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    DIGESTPIN_RETRIES: '0',
  };
}

describe('an ECR registry read with the AWS credentials alone', () => {
  test('resolve gets the digest (GetAuthorizationToken, then the registry)', async () => {
    emu.calls.length = 0;
    const r = await runCli(['resolve', `${ECR}/staging/app:v1`], {
      env: awsJob(),
      extendEnv: false,
    });
    expect({ exit: r.exitCode, stderr: r.stderr }).toEqual({ exit: 0, stderr: '' });
    expect(r.stdout).toBe(`${ECR}/staging/app:v1@${digest}\n`);
    expect(emu.calls.map((c) => c.operation)).toContain('GetAuthorizationToken');
  });

  test('verify finds the pinned image; pin --resolve pins the tag', async () => {
    const dir = await tmp.make();
    const pinned = path.join(dir, 'pinned.yaml');
    await writeFile(
      pinned,
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: ${ECR}/staging/app:v1@${digest}\n`,
    );
    const verified = await runCli(['verify', pinned, '--json'], {
      env: awsJob(),
      extendEnv: false,
    });
    expect(verified.exitCode).toBe(0);
    expect(verified.json<{ images: { status: string }[] }>().images).toEqual([
      expect.objectContaining({ status: 'ok' }),
    ]);
    const unpinned = path.join(dir, 'unpinned.yaml');
    await writeFile(
      unpinned,
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: ${ECR}/staging/app:v1\n`,
    );
    const pin = await runCli(['pin', '--resolve', unpinned], { env: awsJob(), extendEnv: false });
    expect({ exit: pin.exitCode, stderr: pin.stderr }).toMatchObject({ exit: 0 });
    expect(await execa('cat', [unpinned]).then((x) => x.stdout)).toContain(
      `${ECR}/staging/app:v1@${digest}`,
    );
  });

  test('push from a docker:// source in ECR to another registry: skopeo reads it with the ECR token', async () => {
    const e = awsJob();
    const r = await runCli(
      [
        'push',
        `docker://${ECR}/staging/app:v1`,
        `${plain.host}/promoted/app`,
        '--tag',
        'p1',
        '--json',
        '--quiet',
      ],
      { env: e, extendEnv: false },
    );
    expect({ exit: r.exitCode, stderr: r.stderr }).toEqual({ exit: 0, stderr: '' });
    // the same image: v2s2 to v2s2 keeps the manifest bytes
    expect(r.json<{ digest: string }>().digest).toBe(digest);
    // and a dry run, which reads the source with skopeo inspect
    const dry = await runCli(
      [
        'push',
        `docker://${ECR}/staging/app:v1`,
        `${plain.host}/promoted/dry`,
        '--tag',
        'd1',
        '--dry-run',
      ],
      { env: e, extendEnv: false },
    );
    expect({ exit: dry.exitCode, stderr: dry.stderr }).toMatchObject({ exit: 0 });
    expect(dry.stderr).toContain('would push');
  });

  test('an auth file entry for the host comes after ECR; --authfile comes before it', async () => {
    // a wrong password in the chain's files does not hide the ECR token…
    const chained = path.join(work, 'chain-auth.json');
    await writeFile(chained, authJson(ECR, 'AWS', 'wrong-password'), { mode: 0o600 });
    const viaChain = await runCli(['resolve', `${ECR}/staging/app:v1`], {
      env: { ...awsJob(), REGISTRY_AUTH_FILE: chained },
      extendEnv: false,
    });
    expect({ exit: viaChain.exitCode, stderr: viaChain.stderr }).toEqual({ exit: 0, stderr: '' });
    // …but one given with --authfile is used as given (and refused here: exit 4)
    const explicit = await runCli(['resolve', `${ECR}/staging/app:v1`, '--authfile', chained], {
      env: awsJob(),
      extendEnv: false,
    });
    expect(explicit.exitCode).toBe(4);
  });

  test('AWS credentials that ECR refuses: one warning for two repositories, then the auth files', async () => {
    const files = path.join(work, 'good-auth-2.json');
    await writeFile(files, authJson(ECR, 'AWS', PASSWORD), { mode: 0o600 });
    const e = { ...awsJob(), AWS_ACCESS_KEY_ID: 'AKIDEXPIREDREADS', REGISTRY_AUTH_FILE: files };
    emu.expiredKeys.add('AKIDEXPIREDREADS');
    try {
      const r = await runCli(['resolve', `${ECR}/staging/app:v1`, `${ECR}/staging/copy:v1`], {
        env: e,
        extendEnv: false,
      });
      expect(r.exitCode).toBe(0);
      const warnings = r.stderr.split('\n').filter((l) => l.includes('no ECR token'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('trying the auth files');
    } finally {
      emu.expiredKeys.delete('AKIDEXPIREDREADS');
    }
  });

  test('without AWS credentials the auth files are used', async () => {
    const files = path.join(work, 'good-auth.json');
    await writeFile(files, authJson(ECR, 'AWS', PASSWORD), { mode: 0o600 });
    const e = awsJob();
    delete e.AWS_ACCESS_KEY_ID;
    delete e.AWS_SECRET_ACCESS_KEY;
    const r = await runCli(['resolve', `${ECR}/staging/app:v1`], {
      env: { ...e, REGISTRY_AUTH_FILE: files },
      extendEnv: false,
    });
    expect({ exit: r.exitCode, stderr: r.stderr }).toEqual({ exit: 0, stderr: '' });
  });
  // DESIGN.md's order puts --authfile before ECR: a job that logged in to ECR (a Jenkins agent
  // handed the registry password) but has no AWS credentials can still push and guard; the tag is
  // then checked on the registry, as for any registry, and digestpin says what it could not ask ECR
  test("push and guard to ECR with --authfile and no AWS credentials: the registry's tag check, a warning", async () => {
    const files = path.join(work, 'push-auth.json');
    await writeFile(files, authJson(ECR, 'AWS', PASSWORD), { mode: 0o600 });
    const e = awsJob();
    delete e.AWS_ACCESS_KEY_ID;
    delete e.AWS_SECRET_ACCESS_KEY;
    const image = await writeOciImage(await tmp.make(), {
      layers: [{ size: 32 * 1024, random: true }],
    });
    const free = await runCli(['guard', `${ECR}/jenkins/app:j1`, '--authfile', files, '--json'], {
      env: e,
      extendEnv: false,
    });
    expect({ exit: free.exitCode, stderr: free.stderr }).toMatchObject({ exit: 0 });
    expect(free.stderr).toContain('no AWS credentials');
    const pushed = await runCli(
      ['push', image.ref, `${ECR}/jenkins/app`, '--tag', 'j1', '--authfile', files, '--json'],
      { env: e, extendEnv: false },
    );
    expect({ exit: pushed.exitCode, stderr: pushed.stderr }).toMatchObject({ exit: 0 });
    expect(pushed.stderr).toContain('no AWS credentials');
    const digestPushed = pushed.json<{ digest: string }>().digest;
    const taken = await runCli(['guard', `${ECR}/jenkins/app:j1`, '--authfile', files, '--json'], {
      env: e,
      extendEnv: false,
    });
    expect(taken.exitCode).toBe(3);
    expect(taken.stderr).toContain(digestPushed);
    // without any registry credentials either, the AWS error stays (it names the IAM actions)
    const none = await runCli(['guard', `${ECR}/jenkins/app:j2`, '--json'], {
      env: e,
      extendEnv: false,
    });
    expect(none.exitCode).toBe(4);
    expect(none.json<{ error: { code: string } }>().error.code).toBe('AWS_CREDENTIALS');
  });
});
