import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import {
  InvalidReferenceError,
  familiarString,
  formatReference,
  parse,
  parseReference,
  referenceString,
} from '../../src/reference.js';

const lower = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'.split(''));
const alnum = fc.string({ unit: lower, minLength: 1, maxLength: 8 });
const separator = fc.constantFrom('.', '_', '__', '-', '--');
const pathComponent = fc
  .tuple(alnum, fc.array(fc.tuple(separator, alnum), { maxLength: 3 }))
  .map(([head, rest]) => head + rest.map(([s, a]) => s + a).join(''));
const path = fc.array(pathComponent, { minLength: 1, maxLength: 4 }).map((p) => p.join('/'));

const hostChar = fc.constantFrom(...'abcXYZ019'.split(''));
const hostLabel = fc
  .tuple(hostChar, fc.string({ unit: fc.constantFrom('a', 'Q', '7', '-'), maxLength: 5 }), hostChar)
  .map(([a, mid, b]) => a + mid + b);
const domain = fc.oneof(
  fc.array(hostLabel, { minLength: 1, maxLength: 3 }).map((l) => l.join('.')),
  fc.constantFrom('localhost', 'docker.io', 'index.docker.io', '[::1]', '[2001:db8::1]'),
);
const port = fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined });
const tag = fc
  .tuple(
    fc.constantFrom(...'aZ9_'.split('')),
    fc.string({ unit: fc.constantFrom(...'aZ9_.-'.split('')), maxLength: 127 }),
  )
  .map(([a, b]) => a + b);
const digest = fc
  .string({ unit: fc.constantFrom(...'0123456789abcdef'.split('')), minLength: 64, maxLength: 64 })
  .map((h) => `sha256:${h}`);

const reference = fc
  .record({
    domain: fc.option(fc.tuple(domain, port), { nil: undefined }),
    path,
    tag: fc.option(tag, { nil: undefined }),
    digest: fc.option(digest, { nil: undefined }),
  })
  .map(
    (r) =>
      (r.domain ? `${r.domain[0]}${r.domain[1] === undefined ? '' : `:${r.domain[1]}`}/` : '') +
      r.path +
      (r.tag === undefined ? '' : `:${r.tag}`) +
      (r.digest === undefined ? '' : `@${r.digest}`),
  );

describe('reference round trips', () => {
  test('parse → format → parse gives the same reference, and format is a fixed point', () => {
    fc.assert(
      fc.property(reference, (s) => {
        const r = parseReference(s);
        const formatted = formatReference(r);
        expect(parseReference(formatted)).toEqual(r);
        expect(formatReference(parseReference(formatted))).toBe(formatted);
      }),
      { numRuns: 500 },
    );
  });

  test('the familiar form parses back to the same normalised reference (unless Go-ambiguous)', () => {
    fc.assert(
      fc.property(reference, (s) => {
        const r = parseReference(s);
        const familiar = familiarString(r);
        // Go's FamiliarString is ambiguous for a Docker Hub namespace containing '.':
        // docker.io/a.b/c → "a.b/c", which reads back as registry a.b. Hub namespaces cannot
        // contain dots, so such names do not exist; the canonical form has no such problem.
        const firstComponent = familiar.split('/')[0] ?? '';
        fc.pre(
          !(r.domain === 'docker.io' && familiar.includes('/') && /[.:]/.test(firstComponent)),
        );
        expect(parseReference(familiar)).toEqual(r);
      }),
      { numRuns: 500 },
    );
  });

  test('Parse (no normalisation) gives back its input exactly', () => {
    fc.assert(
      fc.property(reference, (s) => {
        expect(referenceString(parse(s))).toBe(s);
      }),
      { numRuns: 500 },
    );
  });

  test('any string is either refused with INVALID_REFERENCE or round-trips', () => {
    const unit = fc.constantFrom(...'aZ0._-:/@[]'.split(''), 'sha256:', 'f'.repeat(32), ' ');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 20 }), (s) => {
        let r;
        try {
          r = parseReference(s);
        } catch (err) {
          expect(err).toBeInstanceOf(InvalidReferenceError);
          return;
        }
        expect(parseReference(formatReference(r))).toEqual(r);
      }),
      { numRuns: 2000 },
    );
  });
});
