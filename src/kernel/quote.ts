/**
 * Quoting a path for a copy-pasteable shell command (POSIX sh, bash, zsh): left bare when it holds only characters
 * no shell treats specially (not `~`, which would expand, nor spaces, `$`, quotes, globs…), otherwise wrapped in
 * single quotes, inside which nothing is special; a single quote itself becomes '\'' (close, escaped quote, reopen).
 */
const BARE = /^[A-Za-z0-9_@%+:,./-]+$/;

export function shellQuote(text: string): string {
  if (BARE.test(text) && !text.startsWith('=')) return text; // zsh expands a leading = (=cmd → its path)
  return `'${text.split("'").join("'\\''")}'`;
}
