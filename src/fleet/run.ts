/** `pat plan` and `pat apply`: loading, the runs, and their reports (table or --json). Imported lazily. */
import path from 'node:path';
import type { Factory } from '../factory.js';
import { printJson } from '../output/report.js';
import { sessionOptions } from '../providers/snowflake/sessions.js';
import { renderGrid } from '../output/grid.js';
import { Accounts } from './accounts.js';
import { applyToken, type AppliedToken } from './apply.js';
import { changes, type Action } from './decide.js';
import { loadManifest, type LoadedManifest } from './manifest.js';
import { planFleet, type PlannedToken } from './plan.js';
import { mapPool } from './pool.js';
import { StateFile } from './state.js';

export interface FleetOptions {
  manifest: string;
  state?: string;
  parallel: number;
}

/** The state file sits next to the manifest unless --state says otherwise: pat-manifest.yaml → pat-manifest.state.json. */
export function defaultStatePath(manifestPath: string): string {
  const parsed = path.parse(manifestPath);
  return path.join(parsed.dir, `${parsed.name}.state.json`);
}

interface Loaded {
  manifest: LoadedManifest;
  state: StateFile;
  accounts: Accounts;
}

async function load(options: FleetOptions, deps: Factory): Promise<Loaded> {
  const file = path.resolve(deps.cwd, options.manifest);
  const manifest = await loadManifest(file);
  const state = new StateFile(options.state ? path.resolve(deps.cwd, options.state) : defaultStatePath(file));
  const accounts = new Accounts(deps);
  await accounts.resolveAll(manifest.tokens);
  return { manifest, state, accounts };
}

function days(value: number | null | undefined): string {
  return value === null || value === undefined ? '-' : String(value);
}

function planJson(p: PlannedToken) {
  return {
    token: p.token.key,
    account: p.token.account,
    user: p.token.user,
    name: p.token.name,
    state: p.decision?.state ?? 'error',
    days_left: p.decision?.daysLeft ?? null,
    drift: p.decision?.drift ?? [],
    action: p.decision?.action ?? 'error',
    detail: p.decision?.detail ?? p.error ?? '',
    sinks: p.token.sinks.length,
  };
}

function count<T extends string>(values: T[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

/** 0 no changes · 2 changes pending · 1 an error, or a token that needs a person (blocked). */
export function planExitCode(planned: PlannedToken[]): number {
  if (planned.some((p) => p.error !== undefined || p.decision?.action === 'blocked')) return 1;
  return planned.some((p) => p.decision && changes(p.decision.action)) ? 2 : 0;
}

export async function runPlan(options: FleetOptions, deps: Factory): Promise<number> {
  const { manifest, state, accounts } = await load(options, deps);
  try {
    const planned = await planFleet(manifest.tokens, accounts, await state.read(), deps.now(), options.parallel);
    const code = planExitCode(planned);
    const actions = planned.map((p) => (p.decision?.action ?? 'error') as Action | 'error');
    const summary = count(actions);
    if (deps.globals.json) {
      printJson(deps, { manifest: manifest.path, changes: code === 2, summary, tokens: planned.map(planJson) });
      return code;
    }
    const { io } = deps;
    const rows = planned.map((p) => {
      const j = planJson(p);
      const drift = j.drift.length > 0 ? ` (drift: ${j.drift.join(', ')})` : '';
      return [j.token, j.state, days(j.days_left), j.action, `${j.detail}${drift}`];
    });
    io.out(renderGrid(
      [{ header: 'Token', max: 60 }, { header: 'State' }, { header: 'Days left' }, { header: 'Action' }, { header: 'Detail', max: 70 }],
      rows,
      { boxed: io.stdoutIsTTY, terminalWidth: io.terminalWidth, header: (h) => io.colour.bold(h) },
    ));
    io.out('');
    io.out(summaryLine('Plan', summary, ['create', 'rotate', 'recreate', 'fix', 'none', 'blocked', 'error'], { none: 'unchanged' }));
    if (code === 0) io.out('Nothing to do.');
    return code;
  } finally {
    await accounts.closeAll();
  }
}

function summaryLine(head: string, summary: Record<string, number>, order: string[], rename: Record<string, string> = {}): string {
  const parts = order.filter((k) => summary[k]).map((k) => `${summary[k]} ${rename[k] ?? k}`);
  return `${head}: ${parts.length > 0 ? parts.join(', ') : 'no tokens'}.`;
}

function appliedJson(a: AppliedToken) {
  return {
    token: a.token.key,
    action: a.decision?.action ?? 'error',
    result: a.result,
    verified: a.verified,
    rotated_token_name: a.rotatedTokenName ?? null,
    error: a.error ?? null,
    sinks: a.sinks.map((s) => ({ sink: s.sink, ok: s.ok, detail: s.detail })),
  };
}

export async function runApply(options: FleetOptions, deps: Factory): Promise<number> {
  const { manifest, state, accounts } = await load(options, deps);
  const { io } = deps;
  try {
    const planned = await planFleet(manifest.tokens, accounts, await state.read(), deps.now(), options.parallel);
    const ctx = {
      accounts,
      state,
      env: deps.env,
      sessionOptions: sessionOptions(deps),
      sessions: deps.sessions,
      protect: (secret: string) => io.protect(secret),
      log: (line: string) => io.verbose(line),
      now: deps.now,
    };
    const progress = io.stderrIsTTY && !deps.globals.json;
    const acting = planned.filter((p) => !p.decision || p.decision.action !== 'none').length;
    let done = 0;
    const applied = await mapPool(planned, options.parallel, async (p) => {
      const result = await applyToken(ctx, p);
      if (progress && result.result !== 'unchanged') io.err(`[${++done}/${acting}] ${result.token.key}: ${result.result}`);
      return result;
    });
    const failed = applied.some((a) => a.result === 'failed' || a.result === 'blocked');
    const summary = count(applied.map((a) => a.result));
    if (deps.globals.json) {
      printJson(deps, { manifest: manifest.path, ok: !failed, summary, admin_logins: accounts.counts.adminLogins, shows: accounts.counts.shows, tokens: applied.map(appliedJson) });
      return failed ? 1 : 0;
    }
    for (const a of applied) {
      if (a.result === 'unchanged') continue;
      const mark = a.result === 'failed' || a.result === 'blocked' ? io.colour.red('✗') : io.colour.green('✓');
      const verified = a.verified === true ? (a.error ? ' (the new secret logs in)' : ', verified by logging in') : '';
      io.out(`${mark} ${a.token.key}: ${a.result}${a.error ? ` — ${a.error}` : ''}${verified}`);
      for (const s of a.sinks) io.out(`    ${s.ok ? io.colour.green('✓') : io.colour.red('✗')} ${s.sink}: ${s.detail}`);
    }
    io.out(summaryLine('Apply', summary, ['created', 'rotated', 'recreated', 'fixed', 'unchanged', 'blocked', 'failed']));
    if (!applied.some((a) => a.result !== 'unchanged')) io.out('Nothing to do.');
    if (failed) io.err(io.errColour.red(`error: some tokens need attention; undelivered secrets are re-issued by the next \`pat apply\` (state: ${state.path}).`));
    return failed ? 1 : 0;
  } finally {
    await accounts.closeAll();
  }
}
