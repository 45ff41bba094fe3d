import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import{RegistryClient,digestOf}from"./chunk-TN5K7LL3.js";import"./chunk-5NVHMDC3.js";import"./chunk-JNGE7Y6K.js";import"./chunk-2GMOPU73.js";import"./chunk-HBI5EJ6M.js";import"./chunk-VLNYTPNA.js";import"./chunk-KWHGL2WC.js";import"./chunk-7HVXQGEU.js";import"./chunk-FFMPC7C4.js";import"./chunk-BL6NHAUK.js";import"./chunk-QQM7OVAK.js";import"./chunk-JEDMWUKB.js";export{RegistryClient,digestOf};
//# sourceMappingURL=client-ZZ4UR6VR.js.map
