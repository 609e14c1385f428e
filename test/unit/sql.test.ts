import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ExitCode, UsageError } from '../../src/errors.js';
import {
  addPat,
  identifier,
  integerInRange,
  modifyPat,
  removePat,
  roleName,
  rotatePat,
  sameTokenName,
  sessionContext,
  showPats,
  stringLiteral,
  tokenName,
} from '../../src/providers/snowflake/sql.js';

function usage(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof UsageError, `expected UsageError, got ${String(error)}`);
    assert.equal(error.exitCode, ExitCode.usage);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('statements use the documented grammar', () => {
  test('ADD with every clause, in documented order', () => {
    assert.equal(
      addPat({ user: 'thermal_svc', name: 'thermal_pat', roleRestriction: 'thermal_role', daysToExpiry: 90, minsToBypassNetworkPolicy: 30, comment: 'for ingest' }).text,
      "ALTER USER thermal_svc ADD PROGRAMMATIC ACCESS TOKEN IF NOT EXISTS thermal_pat ROLE_RESTRICTION = 'THERMAL_ROLE' DAYS_TO_EXPIRY = 90 MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT = 30 COMMENT = 'for ingest'",
    );
  });
  test('ADD never uses the commonly copied NAME = / EXPIRES_IN = forms', () => {
    const text = addPat({ user: 'u', name: 't', daysToExpiry: 90 }).text;
    assert.equal(text, 'ALTER USER u ADD PROGRAMMATIC ACCESS TOKEN IF NOT EXISTS t DAYS_TO_EXPIRY = 90');
    assert.doesNotMatch(text, /NAME\s*=|EXPIRES_IN/);
  });
  test('ADD without a user targets the session user', () => {
    assert.equal(addPat({ name: 't' }).text, 'ALTER USER ADD PROGRAMMATIC ACCESS TOKEN IF NOT EXISTS t');
  });
  test('ROTATE, REMOVE, SHOW', () => {
    assert.equal(rotatePat({ user: 'u', name: 't' }).text, 'ALTER USER u ROTATE PROGRAMMATIC ACCESS TOKEN t');
    assert.equal(
      rotatePat({ user: 'u', name: 't', expireRotatedAfterHours: 0 }).text,
      'ALTER USER u ROTATE PROGRAMMATIC ACCESS TOKEN t EXPIRE_ROTATED_TOKEN_AFTER_HOURS = 0',
    );
    assert.equal(removePat({ user: 'u', name: 't' }).text, 'ALTER USER u REMOVE PROGRAMMATIC ACCESS TOKEN IF EXISTS t');
    assert.equal(showPats({ user: 'u' }).text, 'SHOW USER PROGRAMMATIC ACCESS TOKENS FOR USER u');
    assert.equal(showPats({}).text, 'SHOW USER PROGRAMMATIC ACCESS TOKENS');
  });
  test('MODIFY forms', () => {
    const m = (change: Parameters<typeof modifyPat>[0]['change']) => modifyPat({ user: 'u', name: 't', change }).text;
    assert.equal(m({ kind: 'rename', to: 't2' }), 'ALTER USER u MODIFY PROGRAMMATIC ACCESS TOKEN t RENAME TO t2');
    assert.equal(m({ kind: 'set-disabled', disabled: true }), 'ALTER USER u MODIFY PROGRAMMATIC ACCESS TOKEN t SET DISABLED = TRUE');
    assert.equal(m({ kind: 'set-disabled', disabled: false }), 'ALTER USER u MODIFY PROGRAMMATIC ACCESS TOKEN t SET DISABLED = FALSE');
    assert.equal(m({ kind: 'set-comment', comment: "it's" }), "ALTER USER u MODIFY PROGRAMMATIC ACCESS TOKEN t SET COMMENT = 'it''s'");
    assert.equal(m({ kind: 'unset-comment' }), 'ALTER USER u MODIFY PROGRAMMATIC ACCESS TOKEN t UNSET COMMENT');
  });
  test('session context query has no reserved-word aliases', () => {
    assert.doesNotMatch(sessionContext().text, / AS /);
  });
});

describe('identifiers', () => {
  test('plain names stay unquoted', () => {
    assert.equal(identifier('thermal_svc', '--user'), 'thermal_svc');
    assert.equal(identifier('A$1', '--user'), 'A$1');
  });
  test('unusual names are quoted exactly, with quotes doubled', () => {
    assert.equal(identifier('svc.user@corp', '--user'), '"svc.user@corp"');
    assert.equal(identifier('my "odd" user', '--user'), '"my ""odd"" user"');
    assert.equal(identifier('1user', '--user'), '"1user"');
  });
  test('an already quoted name keeps its case', () => {
    assert.equal(identifier('"Mixed Case"', '--user'), '"Mixed Case"');
  });
  test('reserved words are quoted in their stored (upper) form', () => {
    assert.equal(identifier('if', '--user'), '"IF"');
    assert.equal(identifier('select', '--user'), '"SELECT"');
  });
  test('empty, control characters and over-long names are refused', () => {
    usage(() => identifier('', '--user'), /--user must not be empty/);
    usage(() => identifier('a\u0000b', '--user'), /--user contains a control character/);
    usage(() => identifier('x'.repeat(256), '--user'), /at most 255/);
  });
  test('role restriction literal holds the stored role name', () => {
    assert.equal(roleName('thermal_role'), 'THERMAL_ROLE');
    assert.equal(roleName('"Mixed"'), 'Mixed');
    assert.equal(roleName('odd role'), 'odd role');
  });
});

describe('token names', () => {
  test('valid names pass unchanged', () => {
    assert.equal(tokenName('thermal_pat'), 'thermal_pat');
    assert.equal(tokenName('_x9'), '_x9');
    assert.equal(tokenName('a'.repeat(255)), 'a'.repeat(255));
  });
  for (const bad of ["x'y", 'x;DROP', 'two words', '9lives', 'naïve', '', 'a'.repeat(256), 'x"y', 'x-y']) {
    test(`refuses ${JSON.stringify(bad.length > 20 ? bad.slice(0, 20) + '…' : bad)}`, () => {
      usage(() => tokenName(bad), /--name/);
    });
  }
  test('refuses reserved words', () => usage(() => tokenName('select'), /reserved/));
  test('compare case-insensitively', () => {
    assert.ok(sameTokenName('thermal_pat', 'THERMAL_PAT'));
    assert.ok(!sameTokenName('a', 'b'));
    assert.ok(!sameTokenName(undefined, 'b'));
  });
});

describe('string literals', () => {
  test("escape ' and \\", () => {
    assert.equal(stringLiteral("it's", 'c'), "'it''s'");
    assert.equal(stringLiteral('C:\\path', 'c'), "'C:\\\\path'");
    assert.equal(stringLiteral("\\'", 'c'), "'\\\\'''");
  });
  test('newlines and tabs become escapes; other controls are refused', () => {
    assert.equal(stringLiteral('a\nb\tc', 'c'), "'a\\nb\\tc'");
    usage(() => stringLiteral('bell\u0007', '--comment'), /--comment contains a control character/);
  });
  test('unicode passes through', () => {
    assert.equal(stringLiteral('température ✓', 'c'), "'température ✓'");
  });
});

describe('whole numbers in range', () => {
  test('accepts bounds', () => {
    assert.equal(integerInRange('1', '--expires-in', 1, 365), 1);
    assert.equal(integerInRange('365', '--expires-in', 1, 365), 365);
  });
  for (const bad of ['0', '366', '-1', '1.5', 'abc', '', '1e2', '0x10']) {
    test(`refuses ${JSON.stringify(bad)}`, () => usage(() => integerInRange(bad, '--expires-in', 1, 365), /--expires-in/));
  }
});
