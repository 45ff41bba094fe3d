import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  ecrCredentialsProvider,
  ecrPlan
} from "./chunk-XEXI6IAL.js";
import "./chunk-INQCEGD3.js";
import "./chunk-XIR2JU6C.js";
import "./chunk-KK367FDL.js";
import "./chunk-3WEU2BZR.js";
import "./chunk-TDRKEOBG.js";
export {
  ecrCredentialsProvider,
  ecrPlan
};
//# sourceMappingURL=ecr-plan-2GLPR66F.js.map
