import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  authFilePaths,
  decodeEntry,
  findCredentials,
  runCredentialHelper
} from "./chunk-R2FWTRJN.js";
import "./chunk-XNSOTQQY.js";
import "./chunk-3WEU2BZR.js";
import "./chunk-TDRKEOBG.js";
export {
  authFilePaths,
  decodeEntry,
  findCredentials,
  runCredentialHelper
};
//# sourceMappingURL=auth-V7HWZPMO.js.map
