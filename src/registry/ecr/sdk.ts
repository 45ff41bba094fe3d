// The one place that loads @aws-sdk/client-ecr. The import is dynamic so that esbuild (splitting on)
// puts the SDK in its own chunk and a run that never touches ECR never loads it.
import type { ECRClient, ECRClientConfig } from '@aws-sdk/client-ecr';
import { cjsNamespace } from '../../cjs.js';
import { anyProxy, proxyAwareAgents } from '../http/tunnel.js';
import type { EcrTarget } from './host.js';

export type EcrSdk = typeof import('@aws-sdk/client-ecr');

let sdkPromise: Promise<EcrSdk> | undefined;

/** Loads the SDK once (lazily) and installs the NodeVersionSupportWarning filter first. */
export function loadEcrSdk(): Promise<EcrSdk> {
  installSdkWarningFilter();
  sdkPromise ??= import('@aws-sdk/client-ecr').then(sdkNamespace);
  return sdkPromise;
}

/** The SDK's exports, whether Node or an esbuild bundle loaded it (src/cjs.ts). */
export function sdkNamespace(mod: EcrSdk): EcrSdk {
  return cjsNamespace(mod, 'ECRClient', '@aws-sdk/client-ecr');
}

const filtered = new WeakSet<object>();

/**
 * The SDK calls `process.emitWarning("NodeVersionSupportWarning: The AWS SDK for JavaScript (v3)
 * versions published after … will require node >=22 …")` once, when the first client is created on
 * Node < 22 (@aws-sdk/core emitWarningIfUnsupportedVersion). That notice is about the SDK's support
 * window, not the user's run, so it must not reach CLI users (DESIGN.md). We wrap
 * process.emitWarning and drop exactly that warning; every other warning passes through unchanged.
 * We do not set AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: that would change the environment
 * handed to skopeo and hide nothing if the SDK renames the variable.
 */
export function installSdkWarningFilter(proc: Pick<NodeJS.Process, 'emitWarning'> = process): void {
  if (filtered.has(proc)) return;
  filtered.add(proc);
  const original = proc.emitWarning.bind(proc) as (...args: unknown[]) => void;
  proc.emitWarning = (...args: unknown[]): void => {
    if (isSdkNodeVersionWarning(args[0], args[1])) return;
    original(...args);
  };
}

/** True only for the AWS SDK's Node version support notice (string, Error, or typed warning). */
export function isSdkNodeVersionWarning(warning: unknown, typeOrOptions?: unknown): boolean {
  const text =
    typeof warning === 'string' ? warning : warning instanceof Error ? warning.message : '';
  const name = warning instanceof Error ? warning.name : '';
  const type =
    typeof typeOrOptions === 'string'
      ? typeOrOptions
      : typeof typeOrOptions === 'object' && typeOrOptions !== null && 'type' in typeOrOptions
        ? String(typeOrOptions.type)
        : '';
  if (name === 'NodeVersionSupportWarning' || type === 'NodeVersionSupportWarning') return true;
  return (
    text.startsWith('NodeVersionSupportWarning:') && text.includes('AWS SDK for JavaScript (v3)')
  );
}

export interface EcrClientOptions {
  /** Attempts per call including the first (adaptive retry; throttling and 5xx are retried). */
  maxAttempts?: number;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 5;

const clients = new Map<string, ECRClient>();

/**
 * An ECR API client for the target's region, with adaptive retry (client-side rate limiting on
 * ThrottlingException / 429). Credentials: the SDK's default chain (env, profile/SSO, web identity
 * from aws-actions/configure-aws-credentials, ECS/EC2 roles). Endpoint: the SDK honours
 * AWS_ENDPOINT_URL_ECR and AWS_ENDPOINT_URL itself (service-specific endpoints, SDK >= 3.5xx), which
 * is how ECR emulators and our tests point it elsewhere; FIPS and dual-stack follow the host.
 * Proxies: the handler gets agents that honour HTTPS_PROXY / HTTP_PROXY / NO_PROXY (http/tunnel.ts).
 */
export async function ecrClient(
  target: EcrTarget,
  opts: EcrClientOptions = {},
): Promise<ECRClient> {
  const key = JSON.stringify([target.region, target.fips, target.dualStack, opts]);
  const cached = clients.get(key);
  if (cached) return cached;
  const sdk = await loadEcrSdk();
  const config: ECRClientConfig = {
    region: target.region,
    retryMode: 'adaptive',
    maxAttempts: opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    useFipsEndpoint: target.fips,
    useDualstackEndpoint: target.dualStack,
    requestHandler: {
      connectionTimeout: opts.connectionTimeoutMs ?? 10_000,
      requestTimeout: opts.requestTimeoutMs ?? 30_000,
      // HTTPS_PROXY / HTTP_PROXY / NO_PROXY, read as for digestpin's own requests (the SDK
      // reads its AWS_* settings from process.env too)
      ...(anyProxy(process.env) && proxyAwareAgents(process.env)),
    },
  };
  const client = new sdk.ECRClient(config);
  clients.set(key, client);
  return client;
}

/** Forgets cached clients (tests that change AWS_* variables between cases). */
export function resetEcrClients(): void {
  for (const c of clients.values()) c.destroy();
  clients.clear();
}
