import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);

// src/version.ts
var VERSION = true ? "0.1.0" : process.env.npm_package_version ?? "0.0.0-dev";

export {
  VERSION
};
//# sourceMappingURL=chunk-QGWW4B2G.js.map
