import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  MANIFEST_MEDIA_TYPES,
  RegistryClient,
  digestOf
} from "./chunk-POZG7F6A.js";
import "./chunk-QGWW4B2G.js";
import "./chunk-3WEU2BZR.js";
import "./chunk-TDRKEOBG.js";
export {
  MANIFEST_MEDIA_TYPES,
  RegistryClient,
  digestOf
};
//# sourceMappingURL=client-F5YBQ7AK.js.map
