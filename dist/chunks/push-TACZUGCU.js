import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  runPush
} from "./chunk-KC4JWGRJ.js";
import "./chunk-E72ABK6B.js";
import "./chunk-PXLP7W3P.js";
import "./chunk-MDUIWGDO.js";
import "./chunk-ANBGOHLJ.js";
import "./chunk-K7CSLHKC.js";
import "./chunk-J2FJ332V.js";
import "./chunk-7375IMJR.js";
import "./chunk-TDRKEOBG.js";
export {
  runPush
};
//# sourceMappingURL=push-TACZUGCU.js.map
