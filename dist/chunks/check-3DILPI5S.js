import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  runCheck
} from "./chunk-AOJLYJBF.js";
import "./chunk-RNHF33QT.js";
import "./chunk-MDUIWGDO.js";
import "./chunk-JBIEX6P7.js";
import "./chunk-J2FJ332V.js";
import "./chunk-7375IMJR.js";
import "./chunk-TDRKEOBG.js";
export {
  runCheck
};
//# sourceMappingURL=check-3DILPI5S.js.map
