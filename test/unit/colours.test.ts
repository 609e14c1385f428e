/**
 * src/output/colours.ts replaces chalk: for every style chain pat uses and any text (nested codes, newlines), at
 * every level, its output must be byte-identical to chalk's (the expected side; chalk stays a dev dependency).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Chalk } from 'chalk';
import fc from 'fast-check';
import { createColours, type Style } from '../../src/output/colours.js';

const NAMES = ['bold', 'dim', 'red', 'green', 'yellow', 'cyan'] as const;
type Name = (typeof NAMES)[number];

const text = fc.oneof(
  fc.string(),
  fc.array(fc.constantFrom('a', ' ', '\n', '\r\n', '\u001b[39m', '\u001b[22m', '\u001b[31m', '\u001b[1m', 'ü', '✓'), { maxLength: 12 }).map((parts) => parts.join('')),
);

test('colours match chalk byte for byte', () => {
  fc.assert(
    fc.property(fc.constantFrom(0, 1, 2, 3), fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 3 }), text, (level, chain, input) => {
      const chalk = new Chalk({ level: level as 0 | 1 | 2 | 3 });
      let expected: unknown = chalk;
      let actual: Style = createColours(level as 0 | 1 | 2 | 3);
      for (const name of chain) {
        expected = (expected as Record<Name, unknown>)[name];
        actual = actual[name];
      }
      assert.equal(actual(input), (expected as (t: string) => string)(input));
    }),
    { numRuns: 3000 },
  );
});

test('level is kept, and level 0 leaves text alone', () => {
  assert.equal(createColours(2).level, 2);
  assert.equal(createColours(0).red.bold('x\ny'), 'x\ny');
  assert.equal(createColours(1).red('x'), '\u001b[31mx\u001b[39m');
});
