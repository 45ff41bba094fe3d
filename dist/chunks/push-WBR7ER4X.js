import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  runPush
} from "./chunk-SL77XCJT.js";
import "./chunk-YWNOW6R6.js";
import "./chunk-RCFIPAV4.js";
import "./chunk-YNLQAE65.js";
import "./chunk-6LZNVY43.js";
import "./chunk-XIR2JU6C.js";
import "./chunk-3WEU2BZR.js";
import "./chunk-TDRKEOBG.js";
export {
  runPush
};
//# sourceMappingURL=push-WBR7ER4X.js.map
