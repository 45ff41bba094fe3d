import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  readManifests,
  runVerify,
  verifyWith
} from "./chunk-QBPJ5RVQ.js";
import "./chunk-ACU3G3PS.js";
import "./chunk-J46LTWHQ.js";
import "./chunk-QWVSVQGW.js";
import "./chunk-KK367FDL.js";
import "./chunk-RCFIPAV4.js";
import "./chunk-H4KDORN7.js";
import "./chunk-JNUAE3TK.js";
import "./chunk-CZBBNDK3.js";
import "./chunk-QGWW4B2G.js";
import "./chunk-3WEU2BZR.js";
import "./chunk-TDRKEOBG.js";
export {
  readManifests,
  runVerify,
  verifyWith
};
//# sourceMappingURL=verify-GY4QBHDX.js.map
