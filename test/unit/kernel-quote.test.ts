import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { shellQuote } from '../../src/kernel/quote.js';

describe('kernel/quote shellQuote', () => {
  it('leaves plain paths bare', () => {
    assert.equal(shellQuote('/home/ann/.snowflake/connections.toml'), '/home/ann/.snowflake/connections.toml');
    assert.equal(shellQuote('snowflake_config.json'), 'snowflake_config.json');
    assert.equal(shellQuote('a-b_c@d%e+f:g,h'), 'a-b_c@d%e+f:g,h');
  });

  it('single-quotes anything a shell would interpret', () => {
    assert.equal(shellQuote(''), "''");
    assert.equal(shellQuote('my config.json'), "'my config.json'");
    assert.equal(shellQuote('~/x'), "'~/x'");
    assert.equal(shellQuote('$HOME/x'), "'$HOME/x'");
    assert.equal(shellQuote('a*b'), "'a*b'");
    assert.equal(shellQuote('=ls'), "'=ls'");
    assert.equal(shellQuote('a\nb'), "'a\nb'");
  });

  it("turns a single quote into '\\''", () => {
    assert.equal(shellQuote("it's"), "'it'\\''s'");
    assert.equal(shellQuote("'"), "''\\'''");
  });

  const hostile = ["a'b", "'; rm -rf / #", '$(touch pwned)', '`id`', 'a"b\\c', 'x\ny', '*', '-n', '  lead', "''", '!event', 'tab\there', '~root'];
  it('sh reads every hostile string back unchanged', () => {
    for (const text of hostile) {
      const out = spawnSync('sh', ['-c', `printf %s ${shellQuote(text)}`], { encoding: 'utf8' });
      assert.equal(out.status, 0, text);
      assert.equal(out.stdout, text, text);
    }
  });
});
