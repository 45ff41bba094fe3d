import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import{ecrCredentialsProvider,ecrPlan}from"./chunk-66RKE2IW.js";import"./chunk-U34DAHDU.js";import"./chunk-PVAPPMZM.js";import"./chunk-G3GMPSEP.js";import"./chunk-2GMOPU73.js";import"./chunk-HBI5EJ6M.js";import"./chunk-QQM7OVAK.js";import"./chunk-JEDMWUKB.js";export{ecrCredentialsProvider,ecrPlan};
//# sourceMappingURL=ecr-plan-XVN2L73D.js.map
