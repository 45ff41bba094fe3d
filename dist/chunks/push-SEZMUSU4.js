import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  runPush
} from "./chunk-AWJDNE5T.js";
import "./chunk-E72ABK6B.js";
import "./chunk-FSPBISEZ.js";
import "./chunk-4VETIPSS.js";
import "./chunk-ANBGOHLJ.js";
import "./chunk-K7CSLHKC.js";
import "./chunk-J2FJ332V.js";
import "./chunk-7375IMJR.js";
import "./chunk-TDRKEOBG.js";
export {
  runPush
};
//# sourceMappingURL=push-SEZMUSU4.js.map
