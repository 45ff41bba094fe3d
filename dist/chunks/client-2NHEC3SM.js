import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  MANIFEST_MEDIA_TYPES,
  RegistryClient,
  digestOf
} from "./chunk-HK6RE4M6.js";
import "./chunk-CZBBNDK3.js";
import "./chunk-YWNOW6R6.js";
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
//# sourceMappingURL=client-2NHEC3SM.js.map
