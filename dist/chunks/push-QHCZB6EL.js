import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  runPush
} from "./chunk-XECJZZAK.js";
import "./chunk-K5K6DTLR.js";
import "./chunk-FPIP3PND.js";
import "./chunk-JNUAE3TK.js";
import "./chunk-CZBBNDK3.js";
import "./chunk-QGWW4B2G.js";
import "./chunk-RCFIPAV4.js";
import "./chunk-3WEU2BZR.js";
import "./chunk-TDRKEOBG.js";
export {
  runPush
};
//# sourceMappingURL=push-QHCZB6EL.js.map
