import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  MANIFEST_MEDIA_TYPES,
  RegistryClient,
  digestOf
} from "./chunk-JNUAE3TK.js";
import "./chunk-CZBBNDK3.js";
import "./chunk-QGWW4B2G.js";
import "./chunk-3WEU2BZR.js";
import "./chunk-TDRKEOBG.js";
export {
  MANIFEST_MEDIA_TYPES,
  RegistryClient,
  digestOf
};
//# sourceMappingURL=client-US4E44ME.js.map
