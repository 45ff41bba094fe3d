import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import{runCheck}from"./chunk-AXCYK5MV.js";import"./chunk-5PRD5GVN.js";import"./chunk-B7HSHZ73.js";import"./chunk-52FVFDQZ.js";import"./chunk-HBI5EJ6M.js";import"./chunk-7XV6JS22.js";import"./chunk-7HVXQGEU.js";import"./chunk-LOP3YUOU.js";import"./chunk-QQM7OVAK.js";import"./chunk-JEDMWUKB.js";export{runCheck};
//# sourceMappingURL=check-RX3SGG5T.js.map
