// A loopback HTTP server speaking the documented ECR control-plane API (AWS JSON 1.1: POST /,
// `X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.<Operation>`, errors as HTTP 4xx with
// `{"__type": "<Code>", "message": …}`) for the calls digestpin makes. The real ECR API cannot be
// reached from this sandbox (no internet); pointing the real SDK here with AWS_ENDPOINT_URL_ECR and
// dummy static credentials exercises the whole SDK path: endpoint override, SigV4 signing,
// serialization, error deserialization and adaptive retry.
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

const PREFIX = 'AmazonEC2ContainerRegistry_V20150921.';

export async function startEcrEmulator(): Promise<EcrEmulator> {
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
    req.on('end', () => {
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
          const image = repo.images.get(tag);
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
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...emu,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
