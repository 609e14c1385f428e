/**
 * `pat test-connection`: the deploy gate. Logs in exactly as the service will — with the config's PAT — runs one
 * query, and reports who and where the session is. Exit 0 on success, 1 with a specific explanation otherwise.
 */
import type { Command } from 'commander';
import { addPangolinOptions } from '../providers/pangolin/commands.js';
import { describeSession } from '../lifecycle/verify.js';
import { loadConfig, printJson, withPatSession, providerAction, type Deps, type Runner } from './runtime.js';

export async function runTestConnection(deps: Deps): Promise<number> {
  const loaded = await loadConfig(deps);
  deps.io.protect(loaded.config.pat);
  const context = await withPatSession(deps, loaded, describeSession);
  const expectedRole = loaded.config.role?.toUpperCase();
  const roleMismatch = expectedRole !== undefined && context.role !== null && context.role.toUpperCase() !== expectedRole;
  if (deps.globals.json) {
    printJson(deps, { ok: !roleMismatch, token_name: loaded.config.pat_name ?? null, ...context });
  } else {
    const { io } = deps;
    io.out(`${io.colour.green('✓')} Logged in with token ${loaded.config.pat_name ?? '(unnamed)'} from ${loaded.path}`);
    for (const [key, value] of Object.entries(context)) io.out(`  ${key.padEnd(9)} ${value ?? '-'}`);
  }
  if (roleMismatch) {
    deps.io.err(deps.io.errColour.red(`error: the session's role is ${context.role}, but the config expects ${expectedRole}.`));
    return 1;
  }
  return 0;
}

export function registerTestConnection(program: Command, run: Runner): void {
  const command = program
    .command('test-connection')
    .description("log in with the config's PAT, as the service will, and report the session")
    .addHelpText('after', '\nExample (gate a deploy):\n  pat test-connection && ./deploy.sh');
  addPangolinOptions('test-connection', command);
  command.action(providerAction(run, 'test-connection', (deps) => runTestConnection(deps)));
}
