import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  runCheck
} from "./chunk-M6MN7NWX.js";
import "./chunk-RNHF33QT.js";
import "./chunk-MDUIWGDO.js";
import "./chunk-AYQSBR4C.js";
import "./chunk-J2FJ332V.js";
import "./chunk-7375IMJR.js";
import "./chunk-TDRKEOBG.js";
export {
  runCheck
};
//# sourceMappingURL=check-QAJN77C6.js.map
