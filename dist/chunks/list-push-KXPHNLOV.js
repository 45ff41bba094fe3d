import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  digestOf
} from "./chunk-X5GCCGS7.js";
import "./chunk-256RKVCH.js";
import {
  attestationType,
  describeLeftOut,
  dockerManifestList,
  isSameImage,
  plannedAttestations,
  relayedPush,
  tagExistsError,
  tagState
} from "./chunk-OYHNRYO7.js";
import {
  ecrTagExistsError,
  matchEcrImmutableTagRejection
} from "./chunk-BRKU2IVU.js";
import {
  parseManifest
} from "./chunk-SHUUAOWG.js";
import "./chunk-LDYPEOT2.js";
import "./chunk-KK367FDL.js";
import "./chunk-7IGXQR4H.js";
import "./chunk-ANCL6P4L.js";
import {
  DOCKER_MANIFEST,
  DOCKER_MANIFEST_LIST,
  OCI_INDEX
} from "./chunk-TSB7FB7W.js";
import "./chunk-QGWW4B2G.js";
import "./chunk-A5WBNSYW.js";
import "./chunk-PQKOWIM7.js";
import "./chunk-5CTG7JZF.js";
import {
  DigestpinError
} from "./chunk-KJLBA246.js";
import "./chunk-TDRKEOBG.js";

// src/push/attestations.ts
var ATTESTATION_ARTIFACT = "application/vnd.docker.attestation.manifest.v1+json";
var SUBJECT_ANNOTATION = "dev.digestpin.attestation.subject";
function referrersTag(digest) {
  return digest.replace(":", "-").replace(/[^a-zA-Z0-9._-]/g, "-").slice(0, 64 + 7);
}
async function expectStatus(res, ok, what) {
  if (ok.includes(res.status)) return;
  const body = Buffer.from(await res.arrayBuffer()).subarray(0, 1024).toString("utf8");
  throw new DigestpinError(
    "REGISTRY_ERROR",
    `${what}: HTTP ${res.status} ${body}`.trim(),
    "The registry refused part of the push; nothing was tagged. Re-run, or leave the attestations out with --attestations drop."
  );
}
async function pushBlob(t, d, bytes) {
  const where = `/v2/${t.path}/blobs/${d.digest}`;
  const head = await t.client.fetch(t.host, t.path, ["pull", "push"], where, { method: "HEAD" });
  await head.body?.cancel();
  if (head.status === 200) return;
  const start = await t.client.fetch(
    t.host,
    t.path,
    ["pull", "push"],
    `/v2/${t.path}/blobs/uploads/`,
    {
      method: "POST"
    }
  );
  await start.body?.cancel();
  await expectStatus(start, [202], `${t.host}/${t.path}: starting the upload of ${d.digest}`);
  const location = start.headers.get("location");
  if (!location)
    throw new DigestpinError(
      "REGISTRY_ERROR",
      `${t.host}/${t.path}: the registry started an upload without a Location`,
      "The registry is misbehaving; re-run."
    );
  const url = new URL(location, `${t.client.baseUrl(t.host)}/`);
  url.searchParams.set("digest", d.digest);
  const put = await t.client.fetch(t.host, t.path, ["pull", "push"], url.href, {
    method: "PUT",
    headers: { "content-type": "application/octet-stream" },
    body: bytes
  });
  await expectStatus(put, [201], `${t.host}/${t.path}: uploading ${d.digest}`);
  await put.body?.cancel();
}
async function putManifest(t, reference, mediaType, bytes) {
  const res = await t.client.fetch(
    t.host,
    t.path,
    ["pull", "push"],
    `/v2/${t.path}/manifests/${reference}`,
    { method: "PUT", headers: { "content-type": mediaType }, body: bytes }
  );
  await expectStatus(res, [201], `${t.host}/${t.path}: writing manifest ${reference}`);
  await res.body?.cancel();
  const said = res.headers.get("docker-content-digest");
  const ours = digestOf(bytes);
  if (said && said !== ours)
    throw new DigestpinError(
      "REGISTRY_ERROR",
      `${t.host}/${t.path}: the registry stored ${said} for a manifest whose bytes are ${ours}`,
      "The registry or a proxy altered the manifest; check for a proxy in between."
    );
}
async function writeReferrersTag(t, subject, entries) {
  const tag = referrersTag(subject);
  const now = await t.client.getManifest({ domain: t.host, path: t.path, tag });
  let manifests = [];
  if (now) {
    const doc = JSON.parse(now.bytes.toString("utf8"));
    if (now.mediaType !== OCI_INDEX || !Array.isArray(doc.manifests))
      throw new DigestpinError(
        "REGISTRY_ERROR",
        `${t.host}/${t.path}:${tag} holds a ${now.mediaType}, not a referrers index`,
        `Something else uses the tag ${tag}; remove it, or push with --attestations drop.`
      );
    manifests = doc.manifests;
  }
  const missing = entries.filter((e) => !manifests.some((m) => m.digest === e.digest));
  if (now && missing.length === 0) return tag;
  const bytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [...manifests, ...missing]
    })
  );
  await putManifest(t, tag, OCI_INDEX, bytes);
  return tag;
}
async function hasReferrersApi(t, digest) {
  try {
    const res = await t.client.fetch(
      t.host,
      t.path,
      ["pull"],
      `/v2/${t.path}/referrers/${digest}`,
      { method: "GET", headers: { accept: OCI_INDEX } }
    );
    await res.body?.cancel();
    return res.status === 200 && (res.headers.get("content-type") ?? "").startsWith(OCI_INDEX);
  } catch {
    return false;
  }
}
async function pushAttestations(t, attestations, blob, subjects, logger, signal) {
  const reports = [];
  const bySubject = /* @__PURE__ */ new Map();
  for (const a of attestations) {
    if (signal?.aborted) throw new DigestpinError("INTERNAL", "push cancelled");
    for (const b of a.blobs) {
      const bytes = await blob(b.digest).catch((err) => {
        throw new DigestpinError(
          "SOURCE_NOT_FOUND",
          `attestation ${a.digest}: blob ${b.digest} cannot be read from the source (${err instanceof Error ? err.message : String(err)})`,
          "The source is incomplete; rebuild it, or leave the attestations out with --attestations drop."
        );
      });
      await pushBlob(t, b, bytes);
    }
    await putManifest(t, a.digest, a.mediaType, a.bytes);
    const subject = a.describes ? subjects.get(a.describes) : void 0;
    const report = {
      digest: a.digest,
      platform_of: a.platformOf,
      type: attestationType(a),
      pushed: true
    };
    if (subject) {
      report.subject = subject;
      report.referrers_tag = referrersTag(subject);
      const annotations = {
        ...a.annotations,
        [SUBJECT_ANNOTATION]: subject
      };
      if (a.predicateTypes.length > 0)
        annotations["in-toto.io/predicate-type"] = a.predicateTypes.join(",");
      const list = bySubject.get(subject) ?? [];
      list.push({
        mediaType: a.mediaType,
        digest: a.digest,
        size: a.size,
        artifactType: ATTESTATION_ARTIFACT,
        annotations
      });
      bySubject.set(subject, list);
    }
    reports.push(report);
  }
  for (const [subject, entries] of bySubject) {
    const tag = await writeReferrersTag(t, subject, entries);
    logger.debug(`attestations of ${subject} listed under the referrers tag ${tag}`);
  }
  const [first] = bySubject.keys();
  if (first && await hasReferrersApi(t, first))
    logger.warn(
      `${t.host} answers the OCI referrers API, which lists only manifests with a subject: tools that use it will not show these attestations; they are in ${t.path} by digest and under the sha256-<digest> referrers tags (docs/multi-platform.md)`
    );
  return reports;
}

// src/push/list-push.ts
function cancelled(signal) {
  if (signal?.aborted)
    throw new DigestpinError("INTERNAL", "push cancelled", "The tag check stopped this push.");
}
async function pushPlatformList(o) {
  const label = `${o.host}/${o.path}:${o.tag}`;
  const pushedImages = [];
  const subjects = /* @__PURE__ */ new Map();
  const configs = /* @__PURE__ */ new Map();
  for (const [i, image] of o.buildx.images.entries()) {
    cancelled(o.signal);
    let put;
    const { platform } = image;
    const byDigest = o.buildx.platformSource?.(image.digest);
    await relayedPush({
      ...o,
      all: false,
      format: "v2s2",
      // a tag that is never written: the relay stores the manifest by digest only
      tag: `digestpin-platform-${i}`,
      // named by digest where the transport can (docker://), else picked from the index
      ...byDigest ? { source: byDigest } : {
        platform: {
          os: platform.os,
          architecture: platform.architecture,
          ...platform.variant && { variant: platform.variant }
        }
      },
      onSpawn: i === 0 ? o.onSpawn : void 0,
      onTagPut: (p) => {
        put = {
          digest: p.digest,
          size: p.bytes.length,
          mediaType: p.mediaType,
          config: parseManifest(p.bytes).configDigest
        };
        return Promise.resolve({ action: "skip", digest: p.digest });
      }
    });
    if (!put)
      throw new DigestpinError(
        "INTERNAL",
        `skopeo finished but never wrote the ${image.key} manifest of ${label}`,
        "This is a bug; run with --verbose."
      );
    if (put.mediaType.split(";")[0] !== DOCKER_MANIFEST || put.config !== image.configDigest)
      throw new DigestpinError(
        "INTERNAL",
        `the ${image.key} image pushed is a ${put.mediaType} with config ${String(put.config)}; the source's has ${image.configDigest}`,
        "skopeo chose another image of the index for this platform; push with --format oci."
      );
    pushedImages.push({ platform, digest: put.digest, size: put.size });
    subjects.set(image.digest, put.digest);
    configs.set(image.key, image.configDigest);
    o.logger.debug(`${image.key}: ${image.digest} pushed as v2s2 ${put.digest}`);
  }
  cancelled(o.signal);
  const client = await o.client();
  const target = { client, host: o.host, path: o.path };
  const attestations = o.attestations === "drop" ? plannedAttestations(o.buildx.attestations) : await pushAttestations(
    target,
    o.buildx.attestations,
    o.buildx.blob,
    subjects,
    o.logger,
    o.signal
  );
  for (const a of attestations) o.logger.info(describeLeftOut(a));
  cancelled(o.signal);
  const list = dockerManifestList(pushedImages);
  const digest = digestOf(list);
  await putManifest(target, digest, DOCKER_MANIFEST_LIST, list);
  cancelled(o.signal);
  const now = await tagState(client, o.host, o.path, o.tag);
  if (now) {
    if (now.digest === digest || isSameImage(now, configs, "v2s2"))
      return { pushed: false, digest: now.digest, attestations };
    throw tagExistsError(label, now, { configs, digest }, "v2s2", true);
  }
  try {
    await putManifest(target, o.tag, DOCKER_MANIFEST_LIST, list);
  } catch (err) {
    if (err instanceof Error && matchEcrImmutableTagRejection(err.message))
      throw ecrTagExistsError(label, err);
    throw err;
  }
  return { pushed: true, digest, attestations };
}
export {
  pushPlatformList
};
//# sourceMappingURL=list-push-KXPHNLOV.js.map
