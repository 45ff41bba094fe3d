// Shared esbuild options for `npm run build` and `npm run check-dist`.
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

export const options = {
  absWorkingDir: root,
  entryPoints: { index: 'src/index.ts', cli: 'src/cli.ts' },
  outdir: path.join(root, 'dist'),
  bundle: true,
  // Code splitting keeps the AWS SDK in its own chunk, loaded only when ECR is used.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  metafile: true,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  // Some bundled CommonJS packages call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);",
  },
  define: { __DIGESTPIN_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
  minifyWhitespace: true,
  minifySyntax: true,
};
