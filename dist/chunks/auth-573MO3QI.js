import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  authFilePaths,
  decodeEntry,
  findCredentials,
  runCredentialHelper
} from "./chunk-RJ5NIT4N.js";
import "./chunk-6LZNVY43.js";
import "./chunk-3WEU2BZR.js";
import "./chunk-TDRKEOBG.js";
export {
  authFilePaths,
  decodeEntry,
  findCredentials,
  runCredentialHelper
};
//# sourceMappingURL=auth-573MO3QI.js.map
