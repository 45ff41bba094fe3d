// The OCI layout writer lives in src/demo/ because `digestpin demo` uses it too.
export * from '../../src/demo/image.js';
