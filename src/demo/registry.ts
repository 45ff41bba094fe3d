/**
 * Starts the real distribution registry (`docker-registry serve`, Debian package docker-registry
 * 2.8.2) on a free 127.0.0.1 port with a temp storage folder and, optionally, htpasswd auth.
 *
 *     const registry = await startRegistry({ auth: { username: 'u', password: 'p' } });
 *     try { ... registry.host ... } finally { await registry.stop(); }
 *
 * No leaks when a test fails or forgets stop(): the child is started under
 * `setpriv --pdeathsig KILL`, so the kernel kills it when the test process dies (however it dies;
 * jest's sandboxed `process` never runs 'exit' listeners registered from a test, so the exit hook
 * below only helps outside jest). The child is unref'd so it cannot keep jest alive. Folders left
 * by a dead test process (their owner.pid is gone) are swept by the next startRegistry().
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface RegistryAuth {
  username: string;
  password: string;
}

export interface Registry {
  /** '127.0.0.1:PORT' — what goes into image references. */
  host: string;
  /** 'http://127.0.0.1:PORT' ('https://…' with the tls option) */
  url: string;
  port: number;
  /** Temp folder holding config.yml, htpasswd, registry.log and storage/. */
  dir: string;
  storageDir: string;
  logFile: string;
  auth?: RegistryAuth;
  /** 'Basic …' header value for the configured user (undefined without auth). */
  authorization?: string;
  pid: number;
  /** SIGTERM, then SIGKILL after 3 s; removes the temp folder. Safe to call more than once. */
  stop(): Promise<void>;
}

export interface StartRegistryOptions {
  auth?: RegistryAuth;
  /** Milliseconds to wait for `GET /v2/` to answer. */
  startTimeoutMs?: number;
  /** Port for the first attempt (default: a free one); a port in use falls back to a free one. */
  port?: number;
  /** Serve HTTPS with this certificate and key (PEM files); `url` is then https://. */
  tls?: { certificate: string; key: string };
  /**
   * Token authentication (instead of htpasswd): tokens from `realm`, signed by a key whose
   * certificate is in `rootCertBundle` (a PEM file), for `service`, from `issuer`.
   */
  token?: { realm: string; service: string; issuer: string; rootCertBundle: string };
}

/** Running registries: killed (and their folders removed) when the test process exits. */
const live = new Map<ChildProcess, string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [child, dir] of live) {
      try {
        child.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // already gone
      }
    }
  });
}

const DIR_PREFIX = 'digestpin-registry-';

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes registry folders whose owning test process has died (other helpers' live ones stay). */
async function sweepStaleDirs(): Promise<void> {
  const entries = await readdir(tmpdir()).catch(() => [] as string[]);
  for (const name of entries.filter((n) => n.startsWith(DIR_PREFIX))) {
    const dir = path.join(tmpdir(), name);
    const owner = Number(await readFile(path.join(dir, 'owner.pid'), 'utf8').catch(() => ''));
    if (Number.isInteger(owner) && owner > 0 && !pidAlive(owner)) {
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    }
  }
}

const hasSetpriv = ((): boolean => {
  try {
    execFileSync('setpriv', ['--help'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** A port that was free a moment ago (listen on 0, read it, close). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function configYaml(
  dir: string,
  port: number,
  htpasswdPath: string | undefined,
  tls?: StartRegistryOptions['tls'],
  token?: StartRegistryOptions['token'],
): string {
  const lines = [
    'version: 0.1',
    'log:',
    '  level: info',
    '  formatter: text',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${JSON.stringify(path.join(dir, 'storage'))}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    `  secret: ${randomBytes(16).toString('hex')}`,
  ];
  if (tls)
    lines.push(
      '  tls:',
      `    certificate: ${JSON.stringify(tls.certificate)}`,
      `    key: ${JSON.stringify(tls.key)}`,
    );
  if (htpasswdPath) {
    lines.push(
      'auth:',
      '  htpasswd:',
      '    realm: digestpin-test',
      `    path: ${JSON.stringify(htpasswdPath)}`,
    );
  }
  if (token)
    lines.push(
      'auth:',
      '  token:',
      `    realm: ${JSON.stringify(token.realm)}`,
      `    service: ${JSON.stringify(token.service)}`,
      `    issuer: ${JSON.stringify(token.issuer)}`,
      `    rootcertbundle: ${JSON.stringify(token.rootCertBundle)}`,
    );
  return lines.join('\n') + '\n';
}

async function ping(url: string): Promise<boolean> {
  if (url.startsWith('https:')) return pingTls(url);
  try {
    const res = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.status === 200 || res.status === 401;
  } catch {
    return false;
  }
}

/** GET /v2/ over TLS without verifying the (test's self-signed) certificate. */
function pingTls(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpsRequest(`${url}/v2/`, { rejectUnauthorized: false, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 || res.statusCode === 401);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface Attempt {
  child: ChildProcess;
  ok: boolean;
  addrInUse: boolean;
}

async function launch(
  dir: string,
  configPath: string,
  logFile: string,
  url: string,
  timeoutMs: number,
): Promise<Attempt> {
  const fd = openSync(logFile, 'a');
  const argv = ['docker-registry', 'serve', configPath];
  const [cmd, ...args] = hasSetpriv ? ['setpriv', '--pdeathsig', 'KILL', ...argv] : argv;
  const child = spawn(cmd, args, { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  // unref: a test that forgets stop() must not keep jest alive; the exit hook kills it then
  child.unref();
  live.set(child, dir);
  let exited = false;
  child.once('exit', () => {
    exited = true;
    live.delete(child);
  });
  child.once('error', () => {
    exited = true;
    live.delete(child);
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !exited) {
    if (await ping(url)) return { child, ok: true, addrInUse: false };
    await sleep(40);
  }
  const log = tail(logFile, 200);
  return { child, ok: false, addrInUse: /address already in use/i.test(log) };
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
  live.delete(child);
}

function htpasswdLine(auth: RegistryAuth): string {
  // bcrypt is required by distribution's htpasswd backend; `-i` reads the password from stdin.
  return execFileSync('htpasswd', ['-niB', auth.username], { input: auth.password })
    .toString()
    .trim();
}

export async function startRegistry(options: StartRegistryOptions = {}): Promise<Registry> {
  installExitHook();
  await sweepStaleDirs();
  const dir = await mkdtemp(path.join(tmpdir(), DIR_PREFIX));
  await writeFile(path.join(dir, 'owner.pid'), String(process.pid));
  const storageDir = path.join(dir, 'storage');
  const logFile = path.join(dir, 'registry.log');
  const configPath = path.join(dir, 'config.yml');
  let htpasswdPath: string | undefined;
  if (options.auth) {
    htpasswdPath = path.join(dir, 'htpasswd');
    await writeFile(htpasswdPath, htpasswdLine(options.auth) + '\n', { mode: 0o600 });
  }
  const timeoutMs = options.startTimeoutMs ?? 15000;
  for (let attempt = 1; ; attempt++) {
    const port = attempt === 1 && options.port ? options.port : await freePort();
    const url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    await writeFile(configPath, configYaml(dir, port, htpasswdPath, options.tls, options.token));
    const started = await launch(dir, configPath, logFile, url, timeoutMs);
    if (!started.ok) {
      await kill(started.child);
      if (started.addrInUse && attempt < 5) continue;
      const log = tail(logFile);
      rmSync(dir, { recursive: true, force: true });
      throw new Error(
        `docker-registry did not answer GET ${url}/v2/ within ${timeoutMs} ms ` +
          `(attempt ${attempt}); log tail:\n${log}`,
      );
    }
    const child = started.child;
    let stopping: Promise<void> | undefined;
    const registry: Registry = {
      host: `127.0.0.1:${port}`,
      url,
      port,
      dir,
      storageDir,
      logFile,
      pid: child.pid!,
      stop() {
        stopping ??= kill(child).finally(() => {
          if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
        });
        return stopping;
      },
    };
    if (options.auth) {
      registry.auth = options.auth;
      registry.authorization =
        'Basic ' +
        Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64');
    }
    return registry;
  }
}
