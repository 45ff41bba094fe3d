import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  runPush
} from "./chunk-HZM5HBH2.js";
import "./chunk-2OWQOT2H.js";
import "./chunk-RCFIPAV4.js";
import "./chunk-YNLQAE65.js";
import "./chunk-XNSOTQQY.js";
import "./chunk-5EOHTY36.js";
import "./chunk-3WEU2BZR.js";
import "./chunk-TDRKEOBG.js";
export {
  runPush
};
//# sourceMappingURL=push-5GNMGI2P.js.map
