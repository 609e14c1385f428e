/** Showing what a user typed inside a message: control characters escaped, length bounded. */
export function printable(value: string, max = 40): string {
  const shown = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(shown).slice(1, -1);
}
