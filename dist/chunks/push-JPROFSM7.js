import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  runPush
} from "./chunk-UEQT6QL2.js";
import "./chunk-K5K6DTLR.js";
import "./chunk-POZG7F6A.js";
import "./chunk-QGWW4B2G.js";
import "./chunk-RCFIPAV4.js";
import "./chunk-3WEU2BZR.js";
import "./chunk-TDRKEOBG.js";
export {
  runPush
};
//# sourceMappingURL=push-JPROFSM7.js.map
