/**
 * `pat list`: the user's tokens, marking the one the config holds, with days left coloured by urgency.
 */
import type { Command } from 'commander';
import { addPangolinOptions } from '../providers/pangolin/commands.js';
import { daysLeft, tokenFromRow, tokenJson, type TokenInfo } from '../lifecycle/tokens.js';
import type { Io } from '../output/io.js';
import { renderTable } from '../output/table.js';
import { identifier, sameTokenName, showPats } from '../snowflake/sql.js';
import { loadConfig, loadConfigIfPresent, printJson, resolveAdmin, withAdminSession, providerAction, type Deps, type Runner } from './runtime.js';

export interface ListOptions {
  user?: string;
}

export function listOptionsFromFlags(flags: { user?: string }): ListOptions {
  if (flags.user !== undefined) identifier(flags.user, '--user');
  return { user: flags.user };
}

function colourDays(io: Io, days: number | null, status: string): string {
  if (days === null) return '';
  const text = String(days);
  if (status !== 'ACTIVE' || days < 0) return io.colour.red(text);
  if (days <= 7) return io.colour.red(text);
  if (days <= 30) return io.colour.yellow(text);
  return io.colour.green(text);
}

function colourStatus(io: Io, status: string): string {
  return status === 'ACTIVE' ? io.colour.green(status) : io.colour.red(status);
}

export function renderTokens(io: Io, tokens: TokenInfo[], now: Date, heldName: string | undefined): string {
  const columns = [
    { header: '' },
    { header: 'name', max: 40 },
    { header: 'status' },
    { header: 'role restriction', max: 24 },
    { header: 'expires' },
    { header: 'days left' },
    { header: 'comment', max: 30 },
    { header: 'rotated to', max: 24 },
  ];
  const rows = tokens.map((t) => [
    sameTokenName(t.name, heldName) ? '*' : '',
    t.name,
    colourStatus(io, t.status),
    t.roleRestriction ?? '',
    t.expiresAt ? t.expiresAt.toISOString().slice(0, 16).replace('T', ' ') + 'Z' : '',
    colourDays(io, daysLeft(t, now), t.status),
    t.comment ?? '',
    t.rotatedTo ?? '',
  ]);
  return renderTable(columns, rows, { boxed: io.stdoutIsTTY, terminalWidth: io.terminalWidth, header: (h) => io.colour.bold(h) });
}

export async function runList(options: ListOptions, deps: Deps): Promise<number> {
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

export function registerList(program: Command, run: Runner): void {
  const command = program
    .command('list')
    .description("list a user's tokens with status and days left")
    .option('--user <user>', 'user whose tokens to list (default: the config "user")')
    .addHelpText('after', '\nExample:\n  pat list\n  pat list --json | jq \'.[] | select(.days_left < 14)\'');
  addPangolinOptions('list', command);
  command.action(providerAction(run, 'list', (deps, flags: { user?: string }) => runList(listOptionsFromFlags(flags), deps)));
}
