import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
var VERSION="0.1.0";export{VERSION};
//# sourceMappingURL=chunk-7HVXQGEU.js.map
