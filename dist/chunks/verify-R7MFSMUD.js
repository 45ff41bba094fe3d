import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  readManifests,
  runVerify,
  verifyWith
} from "./chunk-YIYDEJZN.js";
import "./chunk-S6OPPPWV.js";
import "./chunk-E4C22BOF.js";
import "./chunk-6ZM3E53N.js";
import "./chunk-ANBGOHLJ.js";
import "./chunk-K7CSLHKC.js";
import "./chunk-J2FJ332V.js";
import "./chunk-7375IMJR.js";
import "./chunk-TDRKEOBG.js";
export {
  readManifests,
  runVerify,
  verifyWith
};
//# sourceMappingURL=verify-R7MFSMUD.js.map
