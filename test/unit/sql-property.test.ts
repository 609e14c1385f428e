/**
 * Property test of the SQL builder against the emulator's parser (an independent implementation of Snowflake's
 * lexical rules): for random names, users, roles and comments, either the builder refuses the input, or the
 * parser reads back exactly the identifier or literal that was given. No input can escape its literal.
 *
 * Expected values come from this file, never from src/providers/snowflake/sql.ts: every generated user or role spelling is
 * built together with the name Snowflake stores for it (../shared/snowflake-pat-facts.md §1.7: a plain identifier
 * is stored upper-cased, a double-quoted one keeps its inner text with `""` read as `"`), and a small model below
 * says which inputs must be refused.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseStatement } from 'snowflake-pat-emulator';
import { UsageError } from '../../src/errors.js';
import { addPat } from '../../src/providers/snowflake/sql.js';

// Hostile alphabets: quotes, backslashes, semicolons, comment markers, whitespace, unicode, controls.
const tricky = fc.constantFrom("'", '"', '\\', ';', '--', '/*', '*/', ' ', '\n', '\t', '\r', '\u0000', '$', 'é', '✓', '𝔘', '=', ')', '(');
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.array(fc.oneof(tricky, fc.string({ maxLength: 3 })), { maxLength: 12 }).map((parts) => parts.join('')),
);
const plain = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,20}$/);

// ---- The oracle: written from the facts file, independent of the builder. ----

/** An unquoted identifier (letters, digits, `_`, `$`, not starting with a digit or `$`). */
const UNQUOTED = /^[A-Za-z_][A-Za-z0-9_$]*$/;
/** The documented token-name rule (§1.7). */
const TOKEN_RULE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Characters no name or comment may hold: C0/C1 controls except tab, LF, CR; DEL; unpaired surrogates. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;

/** A user or role as the person types it, and the name Snowflake stores for it. */
interface Spelled {
  spelling: string;
  stored: string;
}

const spelledIdentifier: fc.Arbitrary<Spelled> = fc.oneof(
  // Plain: stored upper-cased.
  plain.map((p) => ({ spelling: p, stored: p.toUpperCase() })),
  // Double-quoted, inner quotes doubled: stored exactly as the inner text, case kept.
  text.map((t) => ({ spelling: `"${t.replaceAll('"', '""')}"`, stored: t })),
  // Anything else that is neither plain nor one quoted identifier: pat takes it verbatim as a case-sensitive name.
  text
    .filter((t) => !UNQUOTED.test(t) && !t.startsWith('"'))
    .map((t) => ({ spelling: t, stored: t })),
);

function identifierMustBeRefused(id: Spelled): boolean {
  return id.stored.length === 0 || CONTROL.test(id.spelling) || id.stored.length > 255;
}

/** A token name that breaks the documented rule. (One that keeps it may still be refused as a reserved word.) */
function tokenNameBreaksRule(name: string): boolean {
  return !TOKEN_RULE.test(name) || name.length > 255;
}

/** Only a name made of letters and underscores can be a reserved word. */
function couldBeReservedWord(name: string): boolean {
  return /^[A-Za-z_]+$/.test(name);
}

test('ADD statements: every accepted input is read back exactly; only inputs the rules forbid are refused (≥10,000 cases)', () => {
  let accepted = 0;
  fc.assert(
    fc.property(fc.oneof(plain, text), spelledIdentifier, spelledIdentifier, text, (name, user, role, comment) => {
      const mustRefuse =
        tokenNameBreaksRule(name) || identifierMustBeRefused(user) || identifierMustBeRefused(role) || CONTROL.test(comment);
      let sql: string;
      try {
        sql = addPat({ user: user.spelling, name, roleRestriction: role.spelling, comment, daysToExpiry: 30 }).text;
      } catch (error) {
        assert.ok(error instanceof UsageError, `unexpected ${String(error)}`);
        assert.ok(mustRefuse || couldBeReservedWord(name), `refused a valid input: ${error.message}`);
        return;
      }
      assert.ok(!mustRefuse, `accepted an input the rules forbid: ${JSON.stringify({ name, user, role, comment })}`);
      accepted++;
      const parsed = parseStatement(sql);
      assert.equal(parsed.kind, 'alter-user-pat');
      if (parsed.kind !== 'alter-user-pat' || parsed.action !== 'ADD') throw new Error(`parsed as ${JSON.stringify(parsed)}`);
      assert.equal(parsed.token, name.toUpperCase(), 'token name');
      assert.equal(parsed.user, user.stored, 'user');
      assert.equal(parsed.roleRestriction, role.stored, 'role restriction');
      assert.equal(parsed.comment, comment, 'comment');
      assert.equal(parsed.daysToExpiry, 30, 'a later clause survives whatever came before');
    }),
    { numRuns: 10_000 },
  );
  // The property is only meaningful if many inputs were accepted rather than refused.
  assert.ok(accepted > 3_000, `only ${accepted} inputs were accepted`);
});

test('ADD statements: hand-written spellings resolve to the names Snowflake stores', () => {
  const cases: Array<[spelling: string, stored: string]> = [
    ['thermal_svc', 'THERMAL_SVC'],
    ['Svc$1', 'SVC$1'],
    ['"mixed Case"', 'mixed Case'],
    ['"say ""hi"""', 'say "hi"'],
    ['"USER"', 'USER'],
    ['user', 'USER'],
    ['two words', 'two words'],
    ['o\'brien', "o'brien"],
    ['a"b', 'a"b'],
  ];
  for (const [spelling, stored] of cases) {
    const parsed = parseStatement(addPat({ user: spelling, name: 'thermal_pat', roleRestriction: spelling }).text);
    if (parsed.kind !== 'alter-user-pat' || parsed.action !== 'ADD') throw new Error(`parsed as ${JSON.stringify(parsed)}`);
    assert.equal(parsed.user, stored, `user ${spelling}`);
    assert.equal(parsed.roleRestriction, stored, `role ${spelling}`);
    assert.equal(parsed.token, 'THERMAL_PAT');
  }
});
