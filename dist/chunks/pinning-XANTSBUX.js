import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  applyPlan,
  fieldRepository,
  locateFiles,
  pinFiles,
  pinRule,
  pinText,
  prefilterNeedle
} from "./chunk-HF7SMHOQ.js";
import "./chunk-RQOHCX4T.js";
import "./chunk-SN5XHIYK.js";
import "./chunk-KK367FDL.js";
import "./chunk-A5WBNSYW.js";
import "./chunk-KJLBA246.js";
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
//# sourceMappingURL=pinning-XANTSBUX.js.map
