/**
 * Text output of `pat usage`, `pat inventory` and `pat doctor`. Linear in the number of rows: one pass to build
 * cells, one to measure, one to print (see grid.ts), so 10,000 inventory rows render in well under a second.
 */
import { expiryColour } from '../../kernel/expiry.js';
import { daysLeftOrNull, secondTime, shortTime } from '../../kernel/time.js';
import type { PatCredential, PatLogin } from './lifecycle/account-usage.js';
import type { Check } from './lifecycle/doctor-checks.js';
import type { Io } from '../../output/io.js';
import { renderGrid } from '../../output/grid.js';

const minute = (d: Date | null): string => (d ? shortTime(d) : '');
const second = (d: Date | null): string => (d ? secondTime(d) : '');

export function renderUsage(io: Io, logins: PatLogin[]): string {
  const columns = [
    { header: 'time' },
    { header: 'user' },
    { header: 'client ip', max: 40 },
    { header: 'client', max: 32 },
    { header: 'result', wrap: true },
  ];
  const ok = io.colour.green('ok');
  const rows = logins.map((l) => [
    second(l.time),
    l.user ?? '',
    l.clientIp ?? '',
    [l.clientType, l.clientVersion].filter(Boolean).join(' '),
    l.success ? ok : io.colour.red(`${l.errorCode ?? 'failed'}${l.errorMessage ? ` ${l.errorMessage.replace(/\s+/g, ' ')}` : ''}`),
  ]);
  return renderGrid(columns, rows, { boxed: io.stdoutIsTTY, terminalWidth: io.terminalWidth, header: (h) => io.colour.bold(h) });
}

export function renderInventory(io: Io, credentials: PatCredential[], now: Date): string {
  const columns = [
    { header: 'user' },
    { header: 'name' },
    { header: 'status' },
    { header: 'role restriction', max: 24 },
    { header: 'expires' },
    { header: 'days left' },
    { header: 'last used' },
    { header: 'comment', wrap: true },
  ];
  const { colour } = io;
  // Colouring is the costly part per cell; the three status words are coloured once.
  const statusText: Record<string, string> = { ACTIVE: colour.green('ACTIVE'), EXPIRED: colour.red('EXPIRED'), DISABLED: colour.red('DISABLED') };
  const rows = new Array<string[]>(credentials.length);
  for (let i = 0; i < credentials.length; i++) {
    const c = credentials[i] as PatCredential;
    const days = daysLeftOrNull(c.expiresAt, now);
    const daysText = days === null ? '' : colour[expiryColour(days, c.status === 'ACTIVE')](String(days));
    rows[i] = [
      c.user,
      c.name,
      statusText[c.status] ?? colour.red(c.status),
      c.roleRestriction ?? '',
      minute(c.expiresAt),
      daysText,
      minute(c.lastUsedOn),
      c.comment ?? '',
    ];
  }
  return renderGrid(columns, rows, { boxed: io.stdoutIsTTY, terminalWidth: io.terminalWidth, header: (h) => colour.bold(h) });
}

const SYMBOL = { pass: '✓', fail: '✗', warn: '!', skip: '!' } as const;

/** One line per check (symbol, name, detail), and the fix indented under each failure or warning. */
export function renderChecklist(io: Io, checks: Check[]): string {
  const { colour } = io;
  const paint = { pass: colour.green, fail: colour.red, warn: colour.yellow, skip: colour.dim } as const;
  const width = Math.max(...checks.map((c) => c.title.length));
  const lines: string[] = [];
  for (const c of checks) {
    lines.push(`${paint[c.status](SYMBOL[c.status])} ${c.title.padEnd(width)}  ${c.detail}`);
    if (c.fix) for (const fixLine of c.fix.split('\n')) lines.push(`    ${fixLine}`);
  }
  return lines.join('\n');
}
