import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  runCheck
} from "./chunk-CSIPGMW2.js";
import "./chunk-S6OPPPWV.js";
import "./chunk-E4C22BOF.js";
import "./chunk-4VETIPSS.js";
import "./chunk-ANBGOHLJ.js";
import "./chunk-J2FJ332V.js";
import "./chunk-7375IMJR.js";
import "./chunk-TDRKEOBG.js";
export {
  runCheck
};
//# sourceMappingURL=check-62SFWSSD.js.map
