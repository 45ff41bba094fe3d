import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  require_undici
} from "./chunk-NKHKPSPQ.js";
import "./chunk-TDRKEOBG.js";
export default require_undici();
//# sourceMappingURL=undici-WZJPHJNJ.js.map
