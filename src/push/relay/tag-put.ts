/**
 * skopeo's final manifest PUT by tag, intercepted: the manifest is PUT by digest, then `decide`
 * makes a fresh check of the tag and says whether to write it now (the check-to-write window is
 * one round trip), answer success without writing (the same image is there), or refuse with
 * TAG_INVALID so that skopeo fails. What happened is returned as a typed outcome, never as text.
 */
import crypto from 'node:crypto';
import type http from 'node:http';
import type { Logger } from '../../log.js';
import { registryError } from '../../registry/failures.js';
import type { RegistryResponse } from '../../registry/http/keepalive.js';
import { MAX_MANIFEST, readWhole, registryErrorResponse, type Upstream } from './forward.js';
import { DOCKER_MANIFEST } from '../../registry/media-types.js';

export interface TagPut {
  repository: string;
  tag: string;
  digest: string;
  mediaType: string;
  bytes: Buffer;
}

export type TagDecision =
  { action: 'write' } | { action: 'skip'; digest: string } | { action: 'refuse'; message: string };

/** What happened to the tag. */
export type TagOutcome =
  | { kind: 'written'; digest: string }
  | { kind: 'skipped'; digest: string; ours: string }
  | { kind: 'refused'; message: string; ours: string }
  | {
      kind: 'failed';
      /** `manifest PUT by digest`, `tag check` or `tag PUT`. */
      step: string;
      status?: number;
      registryError?: { code: string; message: string };
      /** A failure other than an HTTP status (network, the check's own error). */
      error?: unknown;
      ours?: string;
    };

/** Answers skopeo with a registry answer read whole (its body kept for the outcome). */
function replay(res: http.ServerResponse, up: RegistryResponse, body: Buffer): void {
  const headers: Record<string, string> = {};
  up.headers.forEach((value, key) => {
    if (key === 'content-encoding' || key === 'transfer-encoding' || key === 'connection') return;
    headers[key] = value;
  });
  headers['content-length'] = String(body.length);
  res.writeHead(up.status, headers);
  res.end(body);
}

/** Handles one PUT by tag; the outcome says what happened to the tag. */
export async function tagPut(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  where: { repository: string; tag: string },
  upstream: Upstream,
  decide: (put: TagPut) => Promise<TagDecision>,
  logger: Logger,
): Promise<TagOutcome> {
  const { repository, tag } = where;
  const bytes = await readWhole(req, MAX_MANIFEST);
  const digest = `sha256:${crypto.createHash('sha256').update(bytes).digest('hex')}`;
  const mediaType = req.headers['content-type'] ?? DOCKER_MANIFEST;
  const put = (ref: string) =>
    upstream.fetch(`/v2/${repository}/manifests/${ref}`, {
      method: 'PUT',
      headers: { 'content-type': mediaType },
      body: bytes,
    });
  /** The registry's answer goes to skopeo as it is, and into the outcome. */
  const failed = async (up: RegistryResponse, step: string): Promise<TagOutcome> => {
    const body = Buffer.from(await up.arrayBuffer());
    replay(res, up, body);
    const said = registryError(body);
    return {
      kind: 'failed',
      step,
      status: up.status,
      ours: digest,
      ...(said && { registryError: said }),
    };
  };
  let step = 'manifest PUT by digest';
  try {
    const byDigest = await put(digest);
    if (byDigest.status !== 201) return await failed(byDigest, step);
    await byDigest.body?.cancel();
    step = 'tag check';
    const decision = await decide({ repository, tag, digest, mediaType, bytes });
    if (decision.action === 'skip') {
      logger.debug(
        `relay: tag ${tag} already holds the same image (${decision.digest}); not written`,
      );
      res.writeHead(201, {
        location: `/v2/${repository}/manifests/${digest}`,
        'docker-content-digest': digest,
        'content-length': 0,
      });
      res.end();
      return { kind: 'skipped', digest: decision.digest, ours: digest };
    }
    if (decision.action === 'refuse') {
      registryErrorResponse(res, 400, 'TAG_INVALID', decision.message);
      return { kind: 'refused', message: decision.message, ours: digest };
    }
    step = 'tag PUT';
    const byTag = await put(tag);
    logger.debug(`relay: wrote tag ${tag} -> ${digest} (HTTP ${byTag.status})`);
    if (byTag.status !== 201) return await failed(byTag, step);
    replay(res, byTag, Buffer.from(await byTag.arrayBuffer()));
    return { kind: 'written', digest };
  } catch (error) {
    if (!res.headersSent)
      registryErrorResponse(
        res,
        400,
        'TAG_INVALID',
        `digestpin relay: the ${step} failed; tag not written`,
      );
    return { kind: 'failed', step, error, ours: digest };
  }
}
