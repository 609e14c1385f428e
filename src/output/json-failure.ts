/**
 * With --json, a command that fails still prints one JSON object on stdout — `{ ok: false, code, message, hint,
 * exit_code }` — so a script reading stdout always gets a document. The error then goes on as usual (stderr, exit code).
 */
import { PatError, UsageError, ConfigError, FailureError } from '../errors.js';
import type { Factory } from '../factory.js';
import { printJson } from './report.js';

function codeOf(error: unknown): string {
  if (error instanceof FailureError && error.code) return error.code;
  if (error instanceof ConfigError) return 'CONFIG';
  if (error instanceof UsageError) return 'USAGE';
  if (error instanceof PatError) return 'FAILURE';
  return 'INTERNAL';
}

export function failureDocument(error: unknown): Record<string, unknown> {
  const pat = error instanceof PatError ? error : undefined;
  return {
    ok: false,
    code: codeOf(error),
    message: error instanceof Error ? error.message : String(error),
    hint: pat?.hint ?? null,
    exit_code: pat?.exitCode ?? 1,
  };
}

export async function withJsonFailure(deps: Factory, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (deps.globals.json) printJson(deps, failureDocument(error));
    throw error;
  }
}
