import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  RegistryClient,
  digestOf
} from "./chunk-X5GCCGS7.js";
import "./chunk-256RKVCH.js";
import "./chunk-SHUUAOWG.js";
import "./chunk-LDYPEOT2.js";
import "./chunk-KK367FDL.js";
import "./chunk-ANCL6P4L.js";
import "./chunk-TSB7FB7W.js";
import "./chunk-QGWW4B2G.js";
import "./chunk-PQKOWIM7.js";
import "./chunk-5CTG7JZF.js";
import "./chunk-KJLBA246.js";
import "./chunk-TDRKEOBG.js";
export {
  RegistryClient,
  digestOf
};
//# sourceMappingURL=client-YRSZOPPZ.js.map
