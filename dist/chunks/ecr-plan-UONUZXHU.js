import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  ecrCredentialsProvider,
  ecrPlan
} from "./chunk-W62DMECM.js";
import "./chunk-65HPJQ6Q.js";
import "./chunk-5EOHTY36.js";
import "./chunk-KK367FDL.js";
import "./chunk-3WEU2BZR.js";
import "./chunk-TDRKEOBG.js";
export {
  ecrCredentialsProvider,
  ecrPlan
};
//# sourceMappingURL=ecr-plan-UONUZXHU.js.map
