/**
 * Property test of the SQL builder against the emulator's parser (an independent implementation of Snowflake's
 * lexical rules): for random names, users, roles and comments, either the builder refuses the input, or the
 * parser reads back exactly the identifier or literal that was given. No input can escape its literal.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseStatement } from 'snowflake-pat-emulator';
import { UsageError } from '../../src/errors.js';
import { addPat, resolvedName, roleName } from '../../src/providers/snowflake/sql.js';

// Hostile alphabets: quotes, backslashes, semicolons, comment markers, whitespace, unicode, controls.
const tricky = fc.constantFrom("'", '"', '\\', ';', '--', '/*', '*/', ' ', '\n', '\t', '\r', '\u0000', '$', 'é', '✓', '𝔘', '=', ')', '(');
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.array(fc.oneof(tricky, fc.string({ maxLength: 3 })), { maxLength: 12 }).map((parts) => parts.join('')),
);
const plain = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,20}$/);

function refused(error: unknown): boolean {
  return error instanceof UsageError;
}

test('ADD statements: every accepted input is read back exactly (≥10,000 cases)', () => {
  let accepted = 0;
  fc.assert(
    fc.property(fc.oneof(plain, text), fc.oneof(plain, text), fc.oneof(plain, text), text, (name, user, role, comment) => {
      let sql: string;
      try {
        sql = addPat({ user, name, roleRestriction: role, comment, daysToExpiry: 30 }).text;
      } catch (error) {
        assert.ok(refused(error), `unexpected ${String(error)}`);
        return;
      }
      accepted++;
      const parsed = parseStatement(sql);
      assert.equal(parsed.kind, 'alter-user-pat');
      if (parsed.kind !== 'alter-user-pat' || parsed.action !== 'ADD') throw new Error(`parsed as ${JSON.stringify(parsed)}`);
      assert.equal(parsed.token, name.toUpperCase(), 'token name');
      assert.equal(parsed.user, resolvedName(user, '--user'), 'user');
      assert.equal(parsed.roleRestriction, roleName(role), 'role restriction');
      assert.equal(parsed.comment, comment, 'comment');
      assert.equal(parsed.daysToExpiry, 30, 'a later clause survives whatever came before');
    }),
    { numRuns: 10_000 },
  );
  // The property is only meaningful if many inputs were accepted rather than refused.
  assert.ok(accepted > 3_000, `only ${accepted} inputs were accepted`);
});
