/** `pat test-connection`'s work: imported by the test-connection command's action only (see test-connection.ts). */
import { describeSession } from '../lifecycle/verify.js';
import { loadConfig, withPatSession } from './runtime.js';
import { printJson, type Deps } from './action.js';

export async function runTestConnection(deps: Deps): Promise<number> {
  const loaded = await loadConfig(deps);
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
