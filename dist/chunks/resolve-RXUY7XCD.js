import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  RegistryClient
} from "./chunk-X5GCCGS7.js";
import "./chunk-256RKVCH.js";
import "./chunk-SHUUAOWG.js";
import "./chunk-LDYPEOT2.js";
import "./chunk-KK367FDL.js";
import "./chunk-ANCL6P4L.js";
import "./chunk-TSB7FB7W.js";
import "./chunk-QGWW4B2G.js";
import {
  parseReference
} from "./chunk-A5WBNSYW.js";
import "./chunk-PQKOWIM7.js";
import "./chunk-5CTG7JZF.js";
import {
  DigestpinError
} from "./chunk-KJLBA246.js";
import "./chunk-TDRKEOBG.js";

// src/commands/resolve.ts
var CONCURRENCY = 8;
function pinnedForm(input, digest) {
  const at = input.indexOf("@");
  return `${at < 0 ? input : input.slice(0, at)}@${digest}`;
}
async function resolveOne(client, input, ref) {
  const info = await client.resolveManifest(ref);
  if (!info) {
    const what = ref.digest ? `digest ${ref.digest}` : `tag ${ref.tag ?? "latest"}${ref.tag ? "" : " (no tag given)"}`;
    throw new DigestpinError(
      "MANIFEST_UNKNOWN",
      `${input}: not found \u2014 ${ref.domain} has no ${what} in ${ref.path}`,
      ref.digest ? "The image was never pushed there or was deleted; push it again or fix the digest." : "Check the tag and repository name (list tags with `skopeo list-tags docker://REPO`), or push the image first."
    );
  }
  return { reference: input, digest: info.digest, pinned: pinnedForm(input, info.digest) };
}
async function runResolve(opts, ctx) {
  if (opts.references.length === 0)
    throw new DigestpinError(
      "USAGE",
      "resolve needs at least one reference",
      "digestpin resolve nginx:1.27"
    );
  const parsed = opts.references.map((input) => ({ input, ref: parseReference(input) }));
  const client = new RegistryClient({
    authfile: opts.authfile,
    insecure: opts.insecure,
    env: ctx.env,
    logger: ctx.logger
  });
  const settled = [];
  for (let i = 0; i < parsed.length; i += CONCURRENCY)
    settled.push(
      ...await Promise.allSettled(
        parsed.slice(i, i + CONCURRENCY).map((p) => resolveOne(client, p.input, p.ref))
      )
    );
  const failed = settled.filter((s) => s.status === "rejected");
  if (failed.length > 0) {
    const first = failed[0].reason;
    if (failed.length > 1 && first instanceof DigestpinError)
      throw new DigestpinError(
        first.code,
        `${first.message} (and ${failed.length - 1} more of ${parsed.length} references failed)`,
        first.hint,
        { cause: first }
      );
    throw first;
  }
  const references = settled.map(
    (s) => s.value
  );
  return {
    json: { references },
    text: references.map((r) => r.pinned).join("\n"),
    exitCode: 0
  };
}
export {
  pinnedForm,
  resolveOne,
  runResolve
};
//# sourceMappingURL=resolve-RXUY7XCD.js.map
