import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  applyPlan,
  fieldRepository,
  locateFiles,
  pinFiles,
  pinRule,
  pinText,
  prefilterNeedle
} from "./chunk-A4364H7O.js";
import "./chunk-6LLNOPUW.js";
import "./chunk-2QIXPXAN.js";
import "./chunk-RCFIPAV4.js";
import "./chunk-KK367FDL.js";
import "./chunk-3WEU2BZR.js";
import "./chunk-TDRKEOBG.js";
export {
  applyPlan,
  fieldRepository,
  locateFiles,
  pinFiles,
  pinRule,
  pinText,
  prefilterNeedle
};
//# sourceMappingURL=pinning-D74WE4NW.js.map
