import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  runCheck
} from "./chunk-YR2HV2RL.js";
import "./chunk-22KNUFFK.js";
import "./chunk-JC2C7ZT6.js";
import "./chunk-QGWW4B2G.js";
import "./chunk-6LLNOPUW.js";
import "./chunk-ZWY5UL2I.js";
import "./chunk-RCFIPAV4.js";
import "./chunk-3WEU2BZR.js";
import "./chunk-TDRKEOBG.js";
export {
  runCheck
};
//# sourceMappingURL=check-5W4NLR4O.js.map
