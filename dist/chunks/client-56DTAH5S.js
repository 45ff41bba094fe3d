import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  MANIFEST_MEDIA_TYPES,
  RegistryClient,
  digestOf
} from "./chunk-LNUBDMAJ.js";
import "./chunk-CZBBNDK3.js";
import "./chunk-2OWQOT2H.js";
import "./chunk-QGWW4B2G.js";
import "./chunk-R2FWTRJN.js";
import "./chunk-XNSOTQQY.js";
import "./chunk-3WEU2BZR.js";
import "./chunk-TDRKEOBG.js";
export {
  MANIFEST_MEDIA_TYPES,
  RegistryClient,
  digestOf
};
//# sourceMappingURL=client-56DTAH5S.js.map
