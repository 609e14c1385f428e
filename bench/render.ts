/**
 * In-process rendering benchmark, run in a fresh process per measurement by bench/run.ts:
 *
 *   node dist/bench/render.js <list|inventory> <rows> <plain|boxed>
 *
 * Times what the command does after the query returns, into a sink, as a pipe (plain) or a 120-column colour
 * terminal (boxed), and prints {"ms":…, "peakMiB":…, "bytes":…} as JSON:
 *  - list: rows → TokenInfo, sort, renderTokens, io.out (through the redactor);
 *  - inventory: PatCredential[] → bySoonestExpiry, renderInventory, io.out.
 */
import { renderTokens } from '../src/providers/snowflake/list.js';
import { bySoonestExpiry, type PatCredential } from '../src/providers/snowflake/lifecycle/account-usage.js';
import { tokenFromRow } from '../src/providers/snowflake/lifecycle/tokens.js';
import { renderInventory } from '../src/providers/snowflake/audit-tables.js';
import { createIo } from '../src/output/io.js';
import { showRows } from './rows.js';

const kind = process.argv[2] === 'inventory' ? 'inventory' : 'list';
const count = Number(process.argv[3] ?? '15');
const boxed = process.argv[4] === 'boxed';
const now = Date.UTC(2026, 0, 15);
const rows = showRows(count, now);

let bytes = 0;
const sink = { write: (text: string) => ((bytes += text.length), true), isTTY: boxed, columns: 120 };
const io = createIo({ stdout: sink, stderr: sink, stdinIsTTY: false, env: {}, verbose: false });
io.protect('bench-secret-that-never-appears-000000');

const credentials: PatCredential[] = rows.map((r, i) => ({
  name: String(r.name),
  user: `INVENTORY_USER_${String(Math.floor(i / 15)).padStart(4, '0')}`,
  status: String(r.status),
  roleRestriction: r.role_restriction === null ? null : String(r.role_restriction),
  expiresAt: r.expires_at as Date,
  createdOn: r.created_on as Date,
  createdBy: 'ADMIN',
  lastUsedOn: i % 4 ? new Date(now - (i % 30) * 3_600_000) : null,
  comment: r.comment === null ? null : String(r.comment),
}));

const started = performance.now();
if (kind === 'list') {
  const tokens = rows.map(tokenFromRow).sort((a, b) => (a.expiresAt?.getTime() ?? 0) - (b.expiresAt?.getTime() ?? 0));
  io.out(renderTokens(io, tokens, new Date(now), tokenName0()));
} else {
  io.out(renderInventory(io, bySoonestExpiry(credentials), new Date(now)));
}
const elapsed = performance.now() - started;

function tokenName0(): string {
  return String(rows[0]?.name ?? '');
}

process.stdout.write(JSON.stringify({ ms: elapsed, peakMiB: process.resourceUsage().maxRSS / 1024, bytes }) + '\n');
