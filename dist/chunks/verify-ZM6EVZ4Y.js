import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  runVerify,
  verifyWith
} from "./chunk-WLBJFNAK.js";
import "./chunk-BOXJHMFV.js";
import "./chunk-MHT734ZT.js";
import "./chunk-CZBBNDK3.js";
import "./chunk-J46LTWHQ.js";
import "./chunk-42WYHLO5.js";
import "./chunk-OMVSYKBA.js";
import "./chunk-2QIXPXAN.js";
import "./chunk-RCFIPAV4.js";
import "./chunk-H4KDORN7.js";
import "./chunk-QGWW4B2G.js";
import "./chunk-RJ5NIT4N.js";
import "./chunk-6LZNVY43.js";
import "./chunk-KK367FDL.js";
import "./chunk-3WEU2BZR.js";
import "./chunk-TDRKEOBG.js";
export {
  runVerify,
  verifyWith
};
//# sourceMappingURL=verify-ZM6EVZ4Y.js.map
