import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  runVerify,
  verifyWith
} from "./chunk-EMCHQL2R.js";
import "./chunk-LNUBDMAJ.js";
import "./chunk-JQ4XZGQO.js";
import "./chunk-CZBBNDK3.js";
import "./chunk-J46LTWHQ.js";
import "./chunk-2OWQOT2H.js";
import "./chunk-OMVSYKBA.js";
import "./chunk-2QIXPXAN.js";
import "./chunk-RCFIPAV4.js";
import "./chunk-H4KDORN7.js";
import "./chunk-QGWW4B2G.js";
import "./chunk-R2FWTRJN.js";
import "./chunk-XNSOTQQY.js";
import "./chunk-KK367FDL.js";
import "./chunk-3WEU2BZR.js";
import "./chunk-TDRKEOBG.js";
export {
  runVerify,
  verifyWith
};
//# sourceMappingURL=verify-XGC6FKAB.js.map
