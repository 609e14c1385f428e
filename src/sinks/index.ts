/**
 * Delivering a new secret to the sinks chosen with --env-file / --github-env (parsed and checked, before any
 * network call, in ./flags.ts).
 */
import { appendGithubEnv, maskCommand } from './github-env.js';
import { writeEnvFile } from './env-file.js';
import type { Sinks } from './flags.js';

/** Delivers to every requested sink; returns a line per sink written. `mask` prints the Actions mask command. */
export async function deliverToSinks(sinks: Sinks, secret: string, mask: (line: string) => void): Promise<string[]> {
  const done: string[] = [];
  if (sinks.githubEnvFile) {
    mask(maskCommand(secret));
    await appendGithubEnv(sinks.githubEnvFile, sinks.envVar, secret);
    done.push(`Exported ${sinks.envVar} to later steps through $GITHUB_ENV (masked in logs)`);
  }
  if (sinks.envFile) {
    const report = await writeEnvFile(sinks.envFile, sinks.envVar, secret);
    done.push(`Wrote ${sinks.envVar} to ${report.path} (mode 0600)`);
  }
  return done;
}
