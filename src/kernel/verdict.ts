/** Any provider's status verdict → what `pat status` exits with, and whether the token works right now. */
import { ExitCode } from '../errors.js';

/** 0 ok, 3 expiring, 1 everything else (expired, disabled, revoked, missing, invalid, …). */
export function exitCodeOf(verdict: string): ExitCode {
  if (verdict === 'ok') return ExitCode.ok;
  if (verdict === 'expiring') return ExitCode.expiringSoon;
  return ExitCode.failure;
}

/** Works right now: an `expiring` token still logs in. */
export function isHealthy(verdict: string): boolean {
  return verdict === 'ok' || verdict === 'expiring';
}
