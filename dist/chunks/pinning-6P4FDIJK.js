import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import{applyPlan,fieldRepository,locateFiles,pinFiles,pinRule,pinText,prefilterNeedle}from"./chunk-BQQKVTMZ.js";import"./chunk-B7HSHZ73.js";import"./chunk-52FVFDQZ.js";import"./chunk-HBI5EJ6M.js";import"./chunk-LOP3YUOU.js";import"./chunk-QQM7OVAK.js";import"./chunk-JEDMWUKB.js";export{applyPlan,fieldRepository,locateFiles,pinFiles,pinRule,pinText,prefilterNeedle};
//# sourceMappingURL=pinning-6P4FDIJK.js.map
