import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  ecrCredentialsProvider,
  ecrPlan
} from "./chunk-YVKXM3KW.js";
import "./chunk-CP23GF42.js";
import "./chunk-3MUJSREC.js";
import "./chunk-BRKU2IVU.js";
import "./chunk-LDYPEOT2.js";
import "./chunk-KK367FDL.js";
import "./chunk-KJLBA246.js";
import "./chunk-TDRKEOBG.js";
export {
  ecrCredentialsProvider,
  ecrPlan
};
//# sourceMappingURL=ecr-plan-UMCICWVU.js.map
