/**
 * The table renderer at an 80- and a 200-column terminal: token names are never cut, comments wrap (or `max`
 * columns get "…") only when the terminal is too narrow, widths are display widths (CJK counts double), and the
 * real `pat list` shows a 70-character name whole at both widths.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import stringWidth from 'string-width';
import { renderGrid, type Column } from '../../src/output/grid.js';
import { adminEnvFor, startEmulator, thermalSeed, type RunningEmulator } from 'snowflake-pat-emulator';
import { BASE_CONFIG } from '../helpers/world.js';
import { pat } from './in-process.js';
import { matchSnapshot } from './snapshot.js';

const LONG_NAME = 'THERMAL_INGEST_PRODUCTION_EU_CENTRAL_1_PRIMARY_WRITER_PAT_2026_Q4';
const COLUMNS: Column[] = [
  { header: 'name' },
  { header: 'status' },
  { header: 'role restriction', max: 24 },
  { header: 'expires' },
  { header: 'comment', wrap: true },
];
const ROWS = [
  [LONG_NAME, 'ACTIVE', 'THERMAL_INGEST_WRITER_ROLE', '2027-01-01 00:00Z', 'nightly ingest for the EU thermal sensors; owner data-eng, #thermal'],
  ['短い名前_PAT', 'DISABLED', '', '2026-12-24 12:00Z', 'コメント: 温度センサー'],
];
const style = (terminalWidth: number) => ({ boxed: true, terminalWidth, header: (h: string) => h, rowRules: true });

describe('renderGrid', () => {
  for (const width of [80, 200]) {
    test(`${width} columns: names whole, every line the same display width, as in the snapshot`, () => {
      const text = renderGrid(COLUMNS, ROWS, style(width));
      assert.ok(text.includes(LONG_NAME), 'the long name was cut');
      assert.ok(text.includes('短い名前_PAT'));
      const widths = text.split('\n').map((line) => stringWidth(line));
      assert.ok(Math.max(...widths) <= width, `wider than ${width}`);
      if (text.startsWith('┌')) assert.equal(new Set(widths).size, 1, `ragged lines: ${widths.join(', ')}`);
      matchSnapshot(`table-${width}`, `${text}\n`);
    });
  }

  test('at 200 columns a boxed table, nothing cut or wrapped; at 80 records, the comment wrapped by whole words', () => {
    const wide = renderGrid(COLUMNS, ROWS, style(200));
    assert.ok(wide.startsWith('┌'));
    assert.ok(wide.includes(ROWS[0]![4]!));
    assert.ok(wide.includes('THERMAL_INGEST_WRITER_ROLE'));
    const narrow = renderGrid(COLUMNS, ROWS, style(80));
    assert.equal(narrow.split('\n')[0], LONG_NAME);
    assert.ok(narrow.includes('  role restriction  THERMAL_INGEST_WRITER_ROLE'));
    assert.ok(!narrow.includes(ROWS[0]![4]!));
    for (const word of ['nightly', 'ingest', 'sensors;', 'data-eng,', '#thermal']) assert.ok(narrow.includes(word), word);
  });

  test('a table that fits once the comment wraps stays boxed, the comment on two lines', () => {
    const cols: Column[] = [{ header: 'name' }, { header: 'comment', wrap: true }];
    const text = renderGrid(cols, [['SHORT_PAT', 'one two three four five six seven eight nine ten']], style(40));
    assert.equal(
      text,
      [
        '┌───────────┬──────────────────────────┐',
        '│ name      │ comment                  │',
        '├───────────┼──────────────────────────┤',
        '│ SHORT_PAT │ one two three four five  │',
        '│           │ six seven eight nine ten │',
        '└───────────┴──────────────────────────┘',
      ].join('\n'),
    );
  });

  test('a `max` column is cut with … only when the terminal is too narrow', () => {
    const cols: Column[] = [{ header: 'name' }, { header: 'role', max: 24 }];
    const row = [['P', 'A_VERY_LONG_ROLE_NAME_INDEED']];
    assert.ok(renderGrid(cols, row, style(200)).includes('A_VERY_LONG_ROLE_NAME_INDEED'));
    assert.ok(renderGrid(cols, row, style(30)).includes('│ A_VERY_LONG_ROLE_N… │'));
  });

  test('piped output is plain and complete', () => {
    const text = renderGrid(COLUMNS, ROWS, { boxed: false, header: (h) => h });
    const header = 'NAME'.padEnd(LONG_NAME.length + 2) + 'STATUS'.padEnd(10) + 'ROLE RESTRICTION'.padEnd(28) + 'EXPIRES'.padEnd(19) + 'COMMENT';
    assert.equal(text.split('\n')[0], header);
    assert.ok(text.includes(ROWS[0]![4]!));
  });
});

describe('pat list on a terminal (emulator)', () => {
  let emulator: RunningEmulator;
  let work: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    emulator = await startEmulator({ seed: thermalSeed() });
    work = await mkdtemp(path.join(os.tmpdir(), 'pat-table-'));
    await writeFile(path.join(work, 'snowflake_config.json'), JSON.stringify({ ...BASE_CONFIG, url: emulator.url }), { mode: 0o600 });
    env = { ...adminEnvFor(emulator), HOME: work };
    const made = await pat(['create', '--name', LONG_NAME, '--comment', 'a comment long enough to need wrapping on an eighty column terminal'], { env, cwd: work });
    assert.equal(made.code, 0, made.stderr);
  });
  after(async () => {
    await emulator.close();
    await rm(work, { recursive: true, force: true });
  });

  for (const columns of [80, 200]) {
    test(`${columns} columns: the 70-character name is shown whole`, async () => {
      const result = await pat(['list'], { env, cwd: work, columns });
      assert.equal(result.code, 0, result.stderr);
      assert.ok(result.stdout.includes(LONG_NAME), result.stdout);
      for (const line of result.stdout.trimEnd().split('\n')) assert.ok(stringWidth(line) <= columns, `a line wider than ${columns}: ${line}`);
      // 200 columns hold the boxed table; 80 do not, so each token is a record headed by its name (marked *).
      if (columns === 200) assert.match(result.stdout, /^┌/);
      else assert.match(result.stdout, new RegExp(`^\\* ${LONG_NAME}\n {2}status +ACTIVE\n`));
    });
  }
});
