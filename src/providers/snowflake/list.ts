/** `pat list`'s work and its table: imported by the list command's action only (see list.ts). */
import { tokenFromRow, tokenJson, type TokenInfo } from './lifecycle/tokens.js';
import { expiryColour } from '../../kernel/expiry.js';
import { daysLeftOrNull, shortTime } from '../../kernel/time.js';
import type { Io } from '../../output/io.js';
import { renderGrid } from '../../output/grid.js';
import { sameTokenName, showPats } from './sql.js';
import type { ListOptions } from '../provider.js';
import { loadConfig, loadConfigIfPresent } from '../../config/load.js';
import { resolveAdmin, withAdminSession } from './sessions.js';
import { printJson } from '../../output/report.js';
import type { Factory } from '../../factory.js';

function colourDays(io: Io, days: number | null, status: string): string {
  return days === null ? '' : io.colour[expiryColour(days, status === 'ACTIVE')](String(days));
}

function colourStatus(io: Io, status: string): string {
  return status === 'ACTIVE' ? io.colour.green(status) : io.colour.red(status);
}

export function renderTokens(io: Io, tokens: TokenInfo[], now: Date, heldName: string | undefined): string {
  const columns = [
    { header: '' },
    { header: 'name' },
    { header: 'status' },
    { header: 'role restriction', max: 24 },
    { header: 'expires' },
    { header: 'days left' },
    { header: 'comment', wrap: true },
    { header: 'rotated to', max: 24 },
  ];
  const rows = tokens.map((t) => [
    sameTokenName(t.name, heldName) ? '*' : '',
    t.name,
    colourStatus(io, t.status),
    t.roleRestriction ?? '',
    t.expiresAt ? shortTime(t.expiresAt) : '',
    colourDays(io, daysLeftOrNull(t.expiresAt, now), t.status),
    t.comment ?? '',
    t.rotatedTo ?? '',
  ]);
  // Names are never cut; a long comment wraps when the terminal is narrow. The rule between rows keeps the old look.
  return renderGrid(columns, rows, { boxed: io.stdoutIsTTY, terminalWidth: io.terminalWidth, header: (h) => io.colour.bold(h), rowRules: true });
}

export async function runList(options: ListOptions, deps: Factory): Promise<number> {
  const loaded = options.user === undefined ? await loadConfig(deps) : await loadConfigIfPresent(deps);
  const user = options.user ?? loaded?.config.user;
  const statement = showPats({ user });
  const admin = await resolveAdmin(deps);
  const rows = await withAdminSession(deps, admin, (session) => session.query(statement));
  const tokens = rows.map(tokenFromRow).sort((a, b) => (a.expiresAt?.getTime() ?? 0) - (b.expiresAt?.getTime() ?? 0));
  const now = deps.now();
  // The marker only makes sense for the config's own user.
  const held = loaded && (options.user === undefined || options.user.toUpperCase() === loaded.config.user.toUpperCase())
    ? loaded.config.pat_name
    : undefined;
  if (deps.globals.json) {
    printJson(deps, tokens.map((t) => tokenJson(t, now, sameTokenName(t.name, held))));
    return 0;
  }
  if (tokens.length === 0) {
    deps.io.out(`No programmatic access tokens for user ${user ?? '(current user)'}.`);
    return 0;
  }
  deps.io.out(renderTokens(deps.io, tokens, now, held));
  if (held) deps.io.out('* = the token in the config');
  return 0;
}
