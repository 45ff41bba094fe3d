import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import{ecrPlan,registryLoginInstead}from"./chunk-Y3FEQHV2.js";import"./chunk-NCLL5ZJU.js";import"./chunk-2GMOPU73.js";import"./chunk-HBI5EJ6M.js";import"./chunk-G3GMPSEP.js";import"./chunk-4FORVKCT.js";import"./chunk-QQM7OVAK.js";import"./chunk-JEDMWUKB.js";export{ecrPlan,registryLoginInstead};
//# sourceMappingURL=ecr-plan-4T3WLDRS.js.map
