import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  runPush
} from "./chunk-BHQKF7C3.js";
import "./chunk-42WYHLO5.js";
import "./chunk-RCFIPAV4.js";
import "./chunk-YNLQAE65.js";
import "./chunk-6LZNVY43.js";
import "./chunk-XIR2JU6C.js";
import "./chunk-3WEU2BZR.js";
import "./chunk-TDRKEOBG.js";
export {
  runPush
};
//# sourceMappingURL=push-UDT2IIUB.js.map
