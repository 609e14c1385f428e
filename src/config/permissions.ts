import { shellQuote } from '../kernel/quote.js';

export function formatMode(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, '0')}`;
}

/**
 * A warning when the config (which holds a secret) can be accessed by group or others;
 * undefined when it is private (or on Windows, where modes mean nothing).
 */
export function permissionWarning(mode: number, path: string): string | undefined {
  if (process.platform === 'win32') return undefined;
  const others = mode & 0o077;
  if (others === 0) return undefined;
  const how = others & 0o044 ? 'readable' : others & 0o022 ? 'writable' : 'accessible';
  return (
    `${path} is ${how} by others (mode ${formatMode(mode)}); pat will tighten it to 0600 on the next write. ` +
    `Run: chmod 600 ${shellQuote(path)}`
  );
}
