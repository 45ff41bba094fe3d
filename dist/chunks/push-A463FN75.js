import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  runPush
} from "./chunk-ODI374QP.js";
import "./chunk-K5K6DTLR.js";
import "./chunk-SZY27I4Y.js";
import "./chunk-2I54DJ4W.js";
import "./chunk-QGWW4B2G.js";
import "./chunk-RCFIPAV4.js";
import "./chunk-3WEU2BZR.js";
import "./chunk-TDRKEOBG.js";
export {
  runPush
};
//# sourceMappingURL=push-A463FN75.js.map
