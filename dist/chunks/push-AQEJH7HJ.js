import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  runPush
} from "./chunk-3ZTT7JS5.js";
import "./chunk-FSPBISEZ.js";
import "./chunk-4VETIPSS.js";
import "./chunk-ANBGOHLJ.js";
import "./chunk-6IDYBHAW.js";
import "./chunk-K7CSLHKC.js";
import "./chunk-J2FJ332V.js";
import "./chunk-7375IMJR.js";
import "./chunk-TDRKEOBG.js";
export {
  runPush
};
//# sourceMappingURL=push-AQEJH7HJ.js.map
