import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  runPush
} from "./chunk-OWCT4Q5L.js";
import "./chunk-FSPBISEZ.js";
import "./chunk-4VETIPSS.js";
import "./chunk-ANBGOHLJ.js";
import "./chunk-5NIYWMLB.js";
import "./chunk-K7CSLHKC.js";
import "./chunk-J2FJ332V.js";
import "./chunk-7375IMJR.js";
import "./chunk-TDRKEOBG.js";
export {
  runPush
};
//# sourceMappingURL=push-DABTAIMX.js.map
