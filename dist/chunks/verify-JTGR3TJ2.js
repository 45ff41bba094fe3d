import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  readManifests,
  runVerify,
  verifyWith
} from "./chunk-GTMKE2IJ.js";
import "./chunk-6ZM3E53N.js";
import "./chunk-WDGVNZ2F.js";
import "./chunk-NOQ4SC4B.js";
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
//# sourceMappingURL=verify-JTGR3TJ2.js.map
