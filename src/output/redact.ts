/**
 * The one place secrets are masked. Every secret pat receives is registered here the moment it arrives, and
 * every line written to stdout, stderr or the verbose log passes through `redact`. The only way around it is
 * an explicit `reveal`, used for --show-secret, --secret-only and the "config could not be written" fallback.
 */
export const MASK = '****';

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Remember a secret so that no later output can contain it. */
  protect(secret: string | undefined | null): void {
    if (secret) this.secrets.add(secret);
  }

  /** `text` with every protected secret masked, except `reveal` (the one the user asked to see). */
  redact(text: string, reveal?: string): string {
    let result = text;
    for (const secret of this.secrets) {
      if (secret !== reveal && result.includes(secret)) result = result.split(secret).join(MASK);
    }
    return result;
  }
}
