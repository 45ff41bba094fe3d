import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import{authFilePaths,credentialsInOrder,decodeEntry,findCredentials,runCredentialHelper}from"./chunk-FVPN32UA.js";import"./chunk-ZPJEYH2C.js";import"./chunk-7JFJ7FZZ.js";import"./chunk-QQM7OVAK.js";import"./chunk-JEDMWUKB.js";export{authFilePaths,credentialsInOrder,decodeEntry,findCredentials,runCredentialHelper};
//# sourceMappingURL=auth-36UAD6OF.js.map
