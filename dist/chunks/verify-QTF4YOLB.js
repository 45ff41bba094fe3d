import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  readManifests,
  runVerify,
  verifyWith
} from "./chunk-N7LEGZZQ.js";
import "./chunk-RNHF33QT.js";
import "./chunk-6ZM3E53N.js";
import "./chunk-AYQSBR4C.js";
import "./chunk-K7CSLHKC.js";
import "./chunk-J2FJ332V.js";
import "./chunk-7375IMJR.js";
import "./chunk-TDRKEOBG.js";
export {
  readManifests,
  runVerify,
  verifyWith
};
//# sourceMappingURL=verify-QTF4YOLB.js.map
