import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import{applyPlan,fieldRepository,locateFiles,pinFiles,pinRule,pinText,prefilterNeedle}from"./chunk-JPCX7FYJ.js";import"./chunk-HBDXRF4Q.js";import"./chunk-2P3TQKGJ.js";import"./chunk-LOP3YUOU.js";import"./chunk-HBI5EJ6M.js";import"./chunk-QQM7OVAK.js";import"./chunk-JEDMWUKB.js";export{applyPlan,fieldRepository,locateFiles,pinFiles,pinRule,pinText,prefilterNeedle};
//# sourceMappingURL=pinning-H364FBEH.js.map
