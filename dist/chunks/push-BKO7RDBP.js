import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  pushWith,
  runPush
} from "./chunk-THH2EGMR.js";
import "./chunk-3MUJSREC.js";
import "./chunk-OYHNRYO7.js";
import "./chunk-BRKU2IVU.js";
import "./chunk-SHUUAOWG.js";
import "./chunk-LDYPEOT2.js";
import "./chunk-KK367FDL.js";
import "./chunk-RWNZ2W57.js";
import "./chunk-7IGXQR4H.js";
import "./chunk-ANCL6P4L.js";
import "./chunk-TSB7FB7W.js";
import "./chunk-A5WBNSYW.js";
import "./chunk-5CTG7JZF.js";
import "./chunk-KJLBA246.js";
import "./chunk-TDRKEOBG.js";
export {
  pushWith,
  runPush
};
//# sourceMappingURL=push-BKO7RDBP.js.map
