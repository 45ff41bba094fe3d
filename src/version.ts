// Replaced at build time by esbuild (define); read from package.json when run from source (tests).
declare const __DIGESTPIN_VERSION__: string | undefined;
export const VERSION: string =
  typeof __DIGESTPIN_VERSION__ === 'string'
    ? __DIGESTPIN_VERSION__
    : (process.env.npm_package_version ?? '0.0.0-dev');
