/**
 * The manifest corpus: real-world Kubernetes manifests that no one on this project wrote (copied
 * unchanged from GoogleCloudPlatform/microservices-demo and kubernetes/examples, each under its
 * repository's licence). It lives beside the repository, not in it: `DIGESTPIN_CORPUS` names its
 * `manifests/` folder (relative paths resolve from the repository root), by default
 * `../shared/corpus/manifests`.
 *
 * Where the folder is absent (a fresh clone alone), the tests that read it are skipped, and each
 * skip says so on the console; `.ci/run` refuses to run without the corpus, so CI never skips them.
 */
import { describe, test } from '@jest/globals';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '../..');

/** The corpus's `manifests/` folder, absolute. */
export const corpusDir = resolve(
  repoRoot,
  process.env.DIGESTPIN_CORPUS || '../shared/corpus/manifests',
);

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Whether the corpus is there; when false, `describeCorpus` and `testCorpus` skip. */
export const corpusPresent = isDirectory(corpusDir);

/** Every `*.yaml` / `*.yml` file under `dir` (default: the whole corpus), sorted; none when absent. */
export function corpusFiles(dir = corpusDir): string[] {
  if (!isDirectory(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) =>
      e.isDirectory()
        ? corpusFiles(join(dir, e.name))
        : /\.ya?ml$/.test(e.name)
          ? [join(dir, e.name)]
          : [],
    );
}

// Written to stderr itself, not through console: jest drops the console output of a test file
// whose tests are all skipped when it runs several files.
function saySkipped(name: string): void {
  process.stderr.write(
    `SKIPPED "${name}": the manifest corpus is not at ${corpusDir} ` +
      '(set DIGESTPIN_CORPUS to its manifests/ folder; .ci/run requires it)\n',
  );
}

/** `describe` when the corpus is present; otherwise `describe.skip`, with a line saying why. */
export function describeCorpus(name: string, fn: () => void): void {
  if (corpusPresent) {
    describe(name, fn);
    return;
  }
  saySkipped(name);
  describe.skip(name, fn);
}

/** `test` when the corpus is present; otherwise `test.skip`, with a line saying why. */
export function testCorpus(name: string, fn: () => Promise<void> | void, timeout?: number): void {
  if (corpusPresent) {
    test(name, fn, timeout);
    return;
  }
  saySkipped(name);
  test.skip(name, fn, timeout);
}
