import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  MANIFEST_MEDIA_TYPES,
  RegistryClient,
  digestOf
} from "./chunk-BOXJHMFV.js";
import "./chunk-CZBBNDK3.js";
import "./chunk-42WYHLO5.js";
import "./chunk-QGWW4B2G.js";
import "./chunk-RJ5NIT4N.js";
import "./chunk-6LZNVY43.js";
import "./chunk-3WEU2BZR.js";
import "./chunk-TDRKEOBG.js";
export {
  MANIFEST_MEDIA_TYPES,
  RegistryClient,
  digestOf
};
//# sourceMappingURL=client-FSUMFPKW.js.map
