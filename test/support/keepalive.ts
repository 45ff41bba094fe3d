import { keepAliveRequest } from '../../src/registry/http/keepalive.js';

/** keepAliveRequest's HEAD, answering its response (undefined where the caller would use fetch). */
export async function keepAliveHead(
  url: string,
  headers: RequestInit['headers'],
  signal: AbortSignal,
): Promise<NonNullable<Awaited<ReturnType<typeof keepAliveRequest>>>['res'] | undefined> {
  return (await keepAliveRequest(url, 'HEAD', headers, signal))?.res;
}
