import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);

// src/registry/media-types.ts
var DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
var DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
var OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
var OCI_INDEX = "application/vnd.oci.image.index.v1+json";
var MANIFEST_MEDIA_TYPES = [
  DOCKER_MANIFEST,
  DOCKER_MANIFEST_LIST,
  OCI_MANIFEST,
  OCI_INDEX
];
var MANIFEST_FORMATS = ["v2s2", "oci"];
var FORMAT_MEDIA_TYPES = {
  v2s2: [DOCKER_MANIFEST, DOCKER_MANIFEST_LIST],
  oci: [OCI_MANIFEST, OCI_INDEX]
};
function formatOf(mediaType) {
  const bare = mediaType.split(";")[0]?.trim() ?? "";
  return MANIFEST_FORMATS.find((f) => FORMAT_MEDIA_TYPES[f].includes(bare));
}

export {
  DOCKER_MANIFEST,
  DOCKER_MANIFEST_LIST,
  OCI_MANIFEST,
  OCI_INDEX,
  MANIFEST_MEDIA_TYPES,
  MANIFEST_FORMATS,
  FORMAT_MEDIA_TYPES,
  formatOf
};
//# sourceMappingURL=chunk-TSB7FB7W.js.map
