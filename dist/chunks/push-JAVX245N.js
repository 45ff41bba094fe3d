import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  runPush
} from "./chunk-Q65ZQMKK.js";
import "./chunk-E72ABK6B.js";
import "./chunk-A7RJYXBW.js";
import "./chunk-MDUIWGDO.js";
import "./chunk-AYQSBR4C.js";
import "./chunk-K7CSLHKC.js";
import "./chunk-J2FJ332V.js";
import "./chunk-7375IMJR.js";
import "./chunk-TDRKEOBG.js";
export {
  runPush
};
//# sourceMappingURL=push-JAVX245N.js.map
