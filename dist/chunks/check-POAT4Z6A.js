import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  runCheck
} from "./chunk-B64KLOC6.js";
import "./chunk-J46LTWHQ.js";
import "./chunk-H4KDORN7.js";
import "./chunk-QGWW4B2G.js";
import "./chunk-6LLNOPUW.js";
import "./chunk-ZWY5UL2I.js";
import "./chunk-RCFIPAV4.js";
import "./chunk-3WEU2BZR.js";
import "./chunk-TDRKEOBG.js";
export {
  runCheck
};
//# sourceMappingURL=check-POAT4Z6A.js.map
