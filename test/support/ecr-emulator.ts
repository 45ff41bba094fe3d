// A loopback HTTP server speaking the documented ECR control-plane API (AWS JSON 1.1: POST /,
// `X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.<Operation>`, errors as HTTP 4xx with
// `{"__type": "<Code>", "message": …}`) for the calls digestpin makes. The real ECR API cannot be
// reached from this sandbox (no internet); pointing the real SDK here with AWS_ENDPOINT_URL_ECR and
// dummy static credentials exercises the whole SDK path: endpoint override, SigV4 signing,
// serialization, error deserialization and adaptive retry.
//
// With `dataPlane` (a real registry), DescribeImages asks that registry what the tag holds (a HEAD
// with the four manifest media types) instead of the in-memory `images` map: like the real ECR,
// where the control plane and the registry share one store, an image pushed with skopeo is what
// DescribeImages then reports. Nothing is recorded on the side, so a push that never reached the
// registry cannot show up.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EmulatedImage {
  digest: string;
  mediaType?: string;
}
export interface EmulatedRepository {
  imageTagMutability: string;
  imageTagMutabilityExclusionFilters?: { filterType: string; filter: string }[];
  imageScanningConfiguration?: { scanOnPush: boolean };
  images: Map<string, EmulatedImage>;
}
export interface EcrEmulatorCall {
  operation: string;
  body: Record<string, unknown>;
  authorization: string;
}
export interface EcrEmulator {
  url: string;
  repositories: Map<string, EmulatedRepository>;
  calls: EcrEmulatorCall[];
  /** Credentials GetAuthorizationToken hands out (e.g. those of a local htpasswd registry). */
  auth: { username: string; password: string; proxyEndpoint: string };
  /** operation → how many more times to answer ThrottlingException before serving it. */
  throttle: Map<string, number>;
  /** Access key ids answered with ExpiredTokenException. */
  expiredKeys: Set<string>;
  close(): Promise<void>;
}

export interface EcrEmulatorOptions {
  /** The registry behind this "ECR": DescribeImages reads tags from it. */
  dataPlane?: { url: string; authorization?: string };
}

const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

/** HEAD <registry>/v2/<repo>/manifests/<tag>: the image the tag holds, undefined when absent. */
async function registryImage(
  dataPlane: NonNullable<EcrEmulatorOptions['dataPlane']>,
  repository: string,
  tag: string,
): Promise<EmulatedImage | undefined> {
  const headers: Record<string, string> = { accept: MANIFEST_TYPES };
  if (dataPlane.authorization) headers.authorization = dataPlane.authorization;
  const res = await fetch(`${dataPlane.url}/v2/${repository}/manifests/${tag}`, {
    method: 'HEAD',
    headers,
  });
  if (res.status === 404) return undefined;
  const digest = res.headers.get('docker-content-digest');
  if (res.status !== 200 || !digest)
    throw new Error(`data plane HEAD ${repository}:${tag}: HTTP ${res.status}`);
  return { digest, mediaType: res.headers.get('content-type') ?? undefined };
}

const PREFIX = 'AmazonEC2ContainerRegistry_V20150921.';

export async function startEcrEmulator(options: EcrEmulatorOptions = {}): Promise<EcrEmulator> {
  const emu: Omit<EcrEmulator, 'url' | 'close'> = {
    repositories: new Map(),
    calls: [],
    auth: { username: 'AWS', password: 'emulated-password', proxyEndpoint: 'https://127.0.0.1' },
    throttle: new Map(),
    expiredKeys: new Set(),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void answer());
    const answer = async (): Promise<void> => {
      const send = (status: number, body: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      };
      const fail = (status: number, type: string, message: string): void => {
        res.setHeader('x-amzn-errortype', type);
        send(status, { __type: type, message });
      };
      const target = String(req.headers['x-amz-target'] ?? '');
      const authorization = String(req.headers.authorization ?? '');
      if (req.method !== 'POST' || !target.startsWith(PREFIX)) {
        fail(400, 'UnknownOperationException', `bad request ${req.method} ${target}`);
        return;
      }
      const operation = target.slice(PREFIX.length);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<
        string,
        unknown
      >;
      emu.calls.push({ operation, body, authorization });
      const keyId = /Credential=([^/]+)\//.exec(authorization)?.[1];
      if (!authorization.startsWith('AWS4-HMAC-SHA256 ') || !keyId) {
        fail(400, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
        return;
      }
      if (emu.expiredKeys.has(keyId)) {
        fail(400, 'ExpiredTokenException', 'The security token included in the request is expired');
        return;
      }
      const left = emu.throttle.get(operation) ?? 0;
      if (left > 0) {
        emu.throttle.set(operation, left - 1);
        fail(400, 'ThrottlingException', 'Rate exceeded');
        return;
      }
      const str = (v: unknown, d = ''): string => (typeof v === 'string' ? v : d);
      const name = str(body.repositoryName);
      const repo = emu.repositories.get(name);
      const repoMissing = (): void =>
        fail(
          400,
          'RepositoryNotFoundException',
          `The repository with name '${name}' does not exist in the registry with id '123456789012'`,
        );
      switch (operation) {
        case 'GetAuthorizationToken': {
          const token = Buffer.from(`${emu.auth.username}:${emu.auth.password}`).toString('base64');
          send(200, {
            authorizationData: [
              {
                authorizationToken: token,
                expiresAt: Math.floor(Date.now() / 1000) + 12 * 3600,
                proxyEndpoint: emu.auth.proxyEndpoint,
              },
            ],
          });
          return;
        }
        case 'DescribeImages': {
          if (!repo) return repoMissing();
          const ids = (body.imageIds as { imageTag?: string }[] | undefined) ?? [];
          const tag = ids[0]?.imageTag ?? '';
          let image: EmulatedImage | undefined;
          try {
            image = options.dataPlane
              ? await registryImage(options.dataPlane, name, tag)
              : repo.images.get(tag);
          } catch (err) {
            fail(500, 'ServerException', err instanceof Error ? err.message : String(err));
            return;
          }
          if (!image) {
            fail(
              400,
              'ImageNotFoundException',
              `The image with imageId {imageDigest:'null', imageTag:'${tag}'} does not exist within the repository with name '${name}'`,
            );
            return;
          }
          send(200, {
            imageDetails: [
              {
                registryId: '123456789012',
                repositoryName: name,
                imageDigest: image.digest,
                imageTags: [tag],
                imageManifestMediaType: image.mediaType,
              },
            ],
          });
          return;
        }
        case 'DescribeRepositories': {
          const names = (body.repositoryNames as string[] | undefined) ?? [];
          const found = emu.repositories.get(names[0] ?? '');
          if (!found) {
            fail(400, 'RepositoryNotFoundException', `The repository '${names[0]}' does not exist`);
            return;
          }
          send(200, {
            repositories: [
              {
                repositoryName: names[0],
                imageTagMutability: found.imageTagMutability,
                imageTagMutabilityExclusionFilters: found.imageTagMutabilityExclusionFilters,
              },
            ],
          });
          return;
        }
        case 'CreateRepository': {
          if (repo) {
            fail(
              400,
              'RepositoryAlreadyExistsException',
              `The repository '${name}' already exists`,
            );
            return;
          }
          emu.repositories.set(name, {
            imageTagMutability: str(body.imageTagMutability, 'MUTABLE'),
            imageScanningConfiguration: body.imageScanningConfiguration as { scanOnPush: boolean },
            images: new Map(),
          });
          send(200, { repository: { repositoryName: name } });
          return;
        }
        case 'PutImageTagMutability': {
          if (!repo) return repoMissing();
          repo.imageTagMutability = str(body.imageTagMutability);
          if (body.imageTagMutabilityExclusionFilters !== undefined) {
            repo.imageTagMutabilityExclusionFilters =
              body.imageTagMutabilityExclusionFilters as EmulatedRepository['imageTagMutabilityExclusionFilters'];
          }
          send(200, { repositoryName: name, imageTagMutability: repo.imageTagMutability });
          return;
        }
        default:
          fail(400, 'UnknownOperationException', `operation ${operation} is not emulated`);
      }
    };
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // The same object the handler reads, so a test may also replace `auth` after start-up.
  return Object.assign(emu, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
