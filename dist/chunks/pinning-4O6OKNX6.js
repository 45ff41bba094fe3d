import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import{applyPlan,fieldRepository,locateFiles,pinFiles,pinRule,pinText,prefilterNeedle}from"./chunk-YO66A37R.js";import"./chunk-HBDXRF4Q.js";import"./chunk-LUPAP3ZS.js";import"./chunk-HBI5EJ6M.js";import"./chunk-LOP3YUOU.js";import"./chunk-QQM7OVAK.js";import"./chunk-JEDMWUKB.js";export{applyPlan,fieldRepository,locateFiles,pinFiles,pinRule,pinText,prefilterNeedle};
//# sourceMappingURL=pinning-4O6OKNX6.js.map
