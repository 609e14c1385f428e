/**
 * Delivering a new secret to the sinks chosen with --env-file / --github-env / --connections-toml (parsed and
 * checked, before any network call, in ./flags.ts).
 */
import { writeConnectionsTomlSecret } from './connections-toml.js';
import { appendGithubEnv, maskCommand } from './github-env.js';
import { writeEnvFile } from './env-file.js';
import type { Sinks } from './flags.js';

export { writeConnectionsTomlSecret } from './connections-toml.js';

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
  if (sinks.connectionsToml) {
    const { file, name, homeDir } = sinks.connectionsToml;
    const report = await writeConnectionsTomlSecret(file, name, secret, homeDir);
    done.push(
      report.tokenFile
        ? `Wrote the token to ${report.tokenFile} (token_file_path of connection "${name}", mode 0600) and set its authenticator in ${report.path}`
        : `Wrote the token into connection "${name}" of ${report.path} (authenticator PROGRAMMATIC_ACCESS_TOKEN, mode 0600)`,
    );
  }
  return done;
}
