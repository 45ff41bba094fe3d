import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  readManifests,
  runVerify,
  verifyWith
} from "./chunk-X62OVA5N.js";
import "./chunk-YQROMAE7.js";
import "./chunk-22KNUFFK.js";
import "./chunk-JC2C7ZT6.js";
import "./chunk-2I54DJ4W.js";
import "./chunk-QGWW4B2G.js";
import "./chunk-ZWY5UL2I.js";
import "./chunk-RCFIPAV4.js";
import "./chunk-3WEU2BZR.js";
import "./chunk-TDRKEOBG.js";
export {
  readManifests,
  runVerify,
  verifyWith
};
//# sourceMappingURL=verify-QZ5VKONX.js.map
