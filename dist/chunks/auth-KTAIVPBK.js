import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  authFilePaths,
  decodeEntry,
  findCredentials,
  runCredentialHelper
} from "./chunk-PQKOWIM7.js";
import "./chunk-5CTG7JZF.js";
import "./chunk-KJLBA246.js";
import "./chunk-TDRKEOBG.js";
export {
  authFilePaths,
  decodeEntry,
  findCredentials,
  runCredentialHelper
};
//# sourceMappingURL=auth-KTAIVPBK.js.map
