import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  authFilePaths,
  decodeEntry,
  findCredentials,
  jsonErrorPosition,
  runCredentialHelper
} from "./chunk-AR2QS7FH.js";
import "./chunk-LZHWYFUE.js";
import "./chunk-KJLBA246.js";
import "./chunk-TDRKEOBG.js";
export {
  authFilePaths,
  decodeEntry,
  findCredentials,
  jsonErrorPosition,
  runCredentialHelper
};
//# sourceMappingURL=auth-NDE6XXP6.js.map
