/** `pat test-connection`'s work: imported by the test-connection command's action only (see test-connection.ts). */
import { describeSession } from './lifecycle/verify.js';
import { loadConfig } from '../../config/load.js';
import { withPatSession } from './sessions.js';
import { printJson } from '../../output/report.js';
import type { Factory } from '../../factory.js';
import type { TestConnectionOptions } from '../provider.js';
import { withJsonFailure } from '../../output/json-failure.js';

type ContextField = 'database' | 'schema' | 'warehouse';

/**
 * Snowflake logs in even when the warehouse, database or schema named at login does not exist (or the role cannot
 * use it) and then reports it as NULL: the service would fail on its first query. Which of the config's do.
 */
function missingContext(config: Partial<Record<ContextField, string>>, context: Record<ContextField, string | null>): ContextField[] {
  return (['warehouse', 'database', 'schema'] as const).filter((field) => config[field] !== undefined && config[field] !== '' && context[field] === null);
}

export function runTestConnection(_options: TestConnectionOptions, deps: Factory): Promise<number> {
  return withJsonFailure(deps, () => testConnection(deps));
}

async function testConnection(deps: Factory): Promise<number> {
  const loaded = await loadConfig(deps);
  const context = await withPatSession(deps, loaded, describeSession);
  const expectedRole = loaded.config.role?.toUpperCase();
  const roleMismatch = expectedRole !== undefined && context.role !== null && context.role.toUpperCase() !== expectedRole;
  const missing = missingContext(loaded.config, context);
  const problems = [
    ...(roleMismatch ? [`the session's role is ${context.role}, but the config expects ${expectedRole}`] : []),
    ...missing.map((field) => `the config's ${field} ${loaded.config[field]} does not exist or the role cannot use it (the session has none)`),
  ];
  if (deps.globals.json) {
    printJson(deps, {
      ok: problems.length === 0,
      token_name: loaded.config.pat_name ?? null,
      ...context,
      ...(problems.length > 0 ? { code: roleMismatch ? 'ROLE_MISMATCH' : 'CONTEXT_MISSING', message: problems.join('; '), missing } : {}),
    });
  } else {
    const { io } = deps;
    io.out(`${io.colour.green('✓')} Logged in with token ${loaded.config.pat_name ?? '(unnamed)'} from ${loaded.path}`);
    for (const [key, value] of Object.entries(context)) io.out(`  ${key.padEnd(9)} ${value ?? '-'}`);
  }
  if (problems.length > 0) {
    for (const problem of problems) deps.io.err(deps.io.errColour.red(`error: ${problem}.`));
    if (missing.length > 0) {
      deps.io.err(`hint: check the names in ${loaded.path}, and grant USAGE on them to the role the token uses.`);
    }
    return 1;
  }
  return 0;
}
