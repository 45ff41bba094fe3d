import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  runPush
} from "./chunk-ZT3TXFXJ.js";
import "./chunk-J3XKAJTN.js";
import "./chunk-KK367FDL.js";
import "./chunk-RCFIPAV4.js";
import "./chunk-YNLQAE65.js";
import "./chunk-JNUAE3TK.js";
import "./chunk-CZBBNDK3.js";
import "./chunk-QGWW4B2G.js";
import "./chunk-3WEU2BZR.js";
import "./chunk-TDRKEOBG.js";
export {
  runPush
};
//# sourceMappingURL=push-ICDSAP4G.js.map
