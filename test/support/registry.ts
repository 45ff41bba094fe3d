// The registry starter lives in src/demo/ because `digestpin demo` uses it too.
export * from '../../src/demo/registry.js';
