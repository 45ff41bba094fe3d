import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  readManifests,
  runVerify,
  verifyWith
} from "./chunk-CWEHNEOU.js";
import "./chunk-ACU3G3PS.js";
import "./chunk-22KNUFFK.js";
import "./chunk-JC2C7ZT6.js";
import "./chunk-NKSUMD47.js";
import "./chunk-CZBBNDK3.js";
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
//# sourceMappingURL=verify-M536N45Q.js.map
