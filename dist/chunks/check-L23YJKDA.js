import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  runCheck
} from "./chunk-6MXQUGZU.js";
import "./chunk-AOQNKHCZ.js";
import "./chunk-RQOHCX4T.js";
import "./chunk-SN5XHIYK.js";
import "./chunk-KK367FDL.js";
import "./chunk-JDUHXU5K.js";
import "./chunk-QGWW4B2G.js";
import "./chunk-A5WBNSYW.js";
import "./chunk-KJLBA246.js";
import "./chunk-TDRKEOBG.js";
export {
  runCheck
};
//# sourceMappingURL=check-L23YJKDA.js.map
