import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  runCheck
} from "./chunk-MBJ72XLL.js";
import "./chunk-6LLNOPUW.js";
import "./chunk-J46LTWHQ.js";
import "./chunk-2QIXPXAN.js";
import "./chunk-RCFIPAV4.js";
import "./chunk-H4KDORN7.js";
import "./chunk-QGWW4B2G.js";
import "./chunk-KK367FDL.js";
import "./chunk-3WEU2BZR.js";
import "./chunk-TDRKEOBG.js";
export {
  runCheck
};
//# sourceMappingURL=check-SDADLPJK.js.map
