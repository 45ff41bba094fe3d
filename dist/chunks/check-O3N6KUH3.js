import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  runCheck
} from "./chunk-I23VN4O4.js";
import "./chunk-WDGVNZ2F.js";
import "./chunk-NOQ4SC4B.js";
import "./chunk-4VETIPSS.js";
import "./chunk-ANBGOHLJ.js";
import "./chunk-J2FJ332V.js";
import "./chunk-7375IMJR.js";
import "./chunk-TDRKEOBG.js";
export {
  runCheck
};
//# sourceMappingURL=check-O3N6KUH3.js.map
