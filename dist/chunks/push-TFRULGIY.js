import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  runPush
} from "./chunk-S5PAVJQD.js";
import "./chunk-E72ABK6B.js";
import "./chunk-BV565XJZ.js";
import "./chunk-MDUIWGDO.js";
import "./chunk-JBIEX6P7.js";
import "./chunk-K7CSLHKC.js";
import "./chunk-J2FJ332V.js";
import "./chunk-7375IMJR.js";
import "./chunk-TDRKEOBG.js";
export {
  runPush
};
//# sourceMappingURL=push-TFRULGIY.js.map
