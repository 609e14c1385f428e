/**
 * `pat test-connection`: the deploy gate. Logs in exactly as the service will — with the config's token — and
 * reports who and where the session is. Exit 0 on success, 1 with a specific explanation otherwise.
 * Provider-neutral: the token system's `testConnection`.
 */
import type { Command } from 'commander';
import type { PangolinOptions } from '../providers/provider.js';
import { pangolinOptionsOf, pangolinTargetOptions, providerFor, type Runner } from './command.js';

export function registerTestConnection(program: Command, run: Runner): void {
  const command = program
    .command('test-connection')
    .description("log in with the config's token, as the service will, and report the session");
  pangolinTargetOptions(command)
    .addHelpText('after', '\nExample (gate a deploy):\n  pat test-connection && ./deploy.sh')
    .action(
      run(async (f, flags: PangolinOptions) => {
        const provider = await providerFor(f, command);
        return provider.testConnection({ pangolin: pangolinOptionsOf(flags) }, f);
      }),
    );
}
