// Builds RuleContext values for the rule tables: a container image at 8:16, parsed as given.
import type { ImageInput, ParsedImage, RuleContext } from '../../../src/rules/types.js';

export function ref(domain: string, path: string, tag?: string, digest?: string): ParsedImage {
  return {
    domain,
    path,
    ...(tag === undefined ? {} : { tag }),
    ...(digest === undefined ? {} : { digest }),
  };
}

export function ctx(
  value: string,
  parsed: ParsedImage | undefined,
  extra: Partial<ImageInput> & { parseError?: string } = {},
): RuleContext {
  const { parseError, ...image } = extra;
  return {
    path: 'k8s/deploy.yaml',
    image: { kind: 'container', value, line: 8, column: 16, ignore: [], ...image },
    ref: parsed,
    ...(parseError === undefined ? {} : { parseError }),
  };
}

export const D = `sha256:${'a'.repeat(64)}`;
