/**
 * `pat test-connection`: the deploy gate. Logs in exactly as the service will — with the config's PAT — runs one
 * query, and reports who and where the session is. Exit 0 on success, 1 with a specific explanation otherwise.
 * Only the command line lives here; test-connection-run.ts does the work and is loaded lazily.
 */
import type { Command } from 'commander';
import { addPangolinOptions } from '../providers/pangolin/commands.js';
import { providerAction, type Runner } from './action.js';

export function registerTestConnection(program: Command, run: Runner): void {
  const command = program
    .command('test-connection')
    .description("log in with the config's PAT, as the service will, and report the session")
    .addHelpText('after', '\nExample (gate a deploy):\n  pat test-connection && ./deploy.sh');
  addPangolinOptions('test-connection', command);
  command.action(providerAction(run, 'test-connection', async (deps) => (await import('./test-connection-run.js')).runTestConnection(deps)));
}
