import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import{require_undici}from"./chunk-4P2YWJ6B.js";import"./chunk-JEDMWUKB.js";export default require_undici();
//# sourceMappingURL=undici-Z2Z7TICN.js.map
