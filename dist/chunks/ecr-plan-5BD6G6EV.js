import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import{ecrPlan}from"./chunk-2U5MGBFE.js";import"./chunk-USPSWPUN.js";import"./chunk-ER5MW7E3.js";import"./chunk-2GMOPU73.js";import"./chunk-HBI5EJ6M.js";import"./chunk-G3GMPSEP.js";import"./chunk-QQM7OVAK.js";import"./chunk-JEDMWUKB.js";export{ecrPlan};
//# sourceMappingURL=ecr-plan-5BD6G6EV.js.map
