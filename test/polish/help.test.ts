/**
 * One help style for every command, at an 80- and a 200-column terminal: wrapped to the width (only example
 * command lines may be longer), an "Examples:" block in every command, and the whole text pinned by snapshots.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normaliseAfterHelp } from '../../src/output/help.js';
import { pat } from './in-process.js';
import { matchSnapshot } from './snapshot.js';

const COMMANDS = [
  [],
  ['create'], ['rotate'], ['list'], ['revoke'], ['test-connection'], ['status'],
  ['disable'], ['enable'], ['rename'], ['comment'], ['usage'], ['inventory'],
  ['doctor'], ['completion'], ['emulator'], ['demo'],
];

/** Lines of the Examples block: indented lines after "Examples:" up to the next unindented line. */
function outsideExamples(help: string): string[] {
  const kept: string[] = [];
  let inExamples = false;
  for (const line of help.split('\n')) {
    if (line === 'Examples:') inExamples = true;
    else if (line !== '' && !/^\s/.test(line)) inExamples = false;
    if (!inExamples) kept.push(line);
  }
  return kept;
}

describe('help', () => {
  for (const columns of [80, 200]) {
    test(`every command at ${columns} columns: wrapped, with examples, as in the snapshot`, async () => {
      const all: string[] = [];
      for (const command of COMMANDS) {
        const result = await pat([...command, '--help'], { columns });
        assert.equal(result.code, 0, result.stderr);
        const help = result.stdout;
        assert.match(help, /\nExamples:\n {2}\S/, `pat ${command.join(' ')} --help has no Examples block`);
        for (const line of outsideExamples(help)) {
          assert.ok(line.length <= columns, `pat ${command.join(' ')} --help: a ${line.length}-column line at ${columns}: ${line}`);
        }
        all.push(`$ pat ${[...command, '--help'].join(' ')}\n${help}`);
      }
      matchSnapshot(`help-${columns}`, all.join('\n'));
    });
  }

  test('piped help is laid out for 80 columns', async () => {
    const piped = await pat(['create', '--help']);
    const terminal = await pat(['create', '--help'], { columns: 80 });
    assert.equal(piped.stdout, terminal.stdout);
  });

  test('headings become one Examples block; prose is re-wrapped, commands never', () => {
    const text = '\nExample (gate a deploy):\n  pat test-connection && ./deploy.sh --with a --very --long --command line\n\nPangolin:\n  pat x --provider pangolin\n\nA note that is long enough to be wrapped at thirty columns.';
    assert.equal(
      normaliseAfterHelp(text, 'x', 30),
      '\nExamples:\n  # gate a deploy\n  pat test-connection && ./deploy.sh --with a --very --long --command line\n\n  # Pangolin\n  pat x --provider pangolin\n\nA note that is long enough to\nbe wrapped at thirty columns.',
    );
    assert.equal(normaliseAfterHelp('', 'demo', 80), '\nExamples:\n  pat demo');
    assert.equal(normaliseAfterHelp('', 'nothing-known', 80), '');
  });
});
