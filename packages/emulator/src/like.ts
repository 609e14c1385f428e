/** SQL LIKE (case-insensitive, as SHOW … LIKE is): % any run, _ one character. */
export function likeMatches(pattern: string, value: string): boolean {
  const re = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${re}$`, 'is').test(value);
}
