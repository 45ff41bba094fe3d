import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import{runCheck}from"./chunk-K6GQAOR4.js";import"./chunk-5PRD5GVN.js";import"./chunk-HBDXRF4Q.js";import"./chunk-2P3TQKGJ.js";import"./chunk-7XV6JS22.js";import"./chunk-7HVXQGEU.js";import"./chunk-LOP3YUOU.js";import"./chunk-HBI5EJ6M.js";import"./chunk-QQM7OVAK.js";import"./chunk-JEDMWUKB.js";export{runCheck};
//# sourceMappingURL=check-F2GGVCXH.js.map
