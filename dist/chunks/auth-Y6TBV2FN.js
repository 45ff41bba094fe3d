import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import{authFilePaths,decodeEntry,findCredentials,runCredentialHelper}from"./chunk-ZYZE4MOM.js";import"./chunk-ZPJEYH2C.js";import"./chunk-7JFJ7FZZ.js";import"./chunk-QQM7OVAK.js";import"./chunk-JEDMWUKB.js";export{authFilePaths,decodeEntry,findCredentials,runCredentialHelper};
//# sourceMappingURL=auth-Y6TBV2FN.js.map
