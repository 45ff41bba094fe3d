import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import{authFilePaths,decodeEntry,findCredentials,runCredentialHelper}from"./chunk-FFMPC7C4.js";import"./chunk-BL6NHAUK.js";import"./chunk-QQM7OVAK.js";import"./chunk-JEDMWUKB.js";export{authFilePaths,decodeEntry,findCredentials,runCredentialHelper};
//# sourceMappingURL=auth-BSUYFWME.js.map
