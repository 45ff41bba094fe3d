import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
function cjsNamespace(mod,probe,what){if(typeof mod[probe]=="function")return mod;let fallback=mod.default;if(fallback&&typeof fallback[probe]=="function")return fallback;throw new Error(`${what} loaded without its ${String(probe)} export`)}export{cjsNamespace};
//# sourceMappingURL=chunk-HBI5EJ6M.js.map
