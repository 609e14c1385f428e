/**
 * The one table renderer. Piped: plain columns padded to their widest cell, two spaces apart, never cut (scripts
 * get stable, complete output). On a terminal: box characters drawn in one pass (widths first, then each line once:
 * linear, so `pat inventory` draws 10,000 rows quickly — cli-table3 took seconds), sized to the terminal:
 *  - a column without `max` or `wrap` (names, ids, dates) is never cut;
 *  - when the table is wider than the terminal, `wrap` columns (comments) shrink first and their text wraps onto
 *    more lines, then `max` columns shrink (widest first) and their cells are cut with "…";
 *  - if that is still not enough, each row becomes a record instead — its title (the token name) on a line of its
 *    own, then one `header  value` line per column, values wrapped — so no line is wider than the terminal and
 *    no name is cut (a name wider than the whole terminal is the only line that may overflow).
 * Widths are display widths (string-width: CJK and emoji take two cells, colour codes none).
 * With `rowRules` a rule separates every row (`pat list` keeps cli-table3's look).
 */
import stringWidth from 'string-width';
import { stripVTControlCharacters } from 'node:util';

export interface Column {
  header: string;
  /** May be cut with "…" when the terminal is too narrow (the number is no longer a cap: wide terminals show all). */
  max?: number;
  /** Long text (a comment): wraps onto more lines when the terminal is too narrow. */
  wrap?: boolean;
  /** Heads each record when the table cannot fit the terminal (default: the first never-cut column with a header). */
  title?: boolean;
}

export interface TableStyle {
  boxed: boolean;
  /** The terminal's columns; undefined means unknown (nothing is shrunk). */
  terminalWidth?: number;
  /** Colours the header (identity when colour is off). */
  header: (text: string) => string;
}

export interface GridStyle extends TableStyle {
  /** Draw a rule between every two rows, not only under the header. */
  rowRules?: boolean;
}

/** Narrowest a shrinking column gets (its header may wrap or be cut below its own width). */
const MIN_SHRUNK = 10;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Terminal cells taken by `text` (ASCII fast path: most cells are plain names and dates). */
export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  const bare = text.includes('\u001b') ? stripVTControlCharacters(text) : text;
  return PRINTABLE_ASCII.test(bare) ? bare.length : stringWidth(bare);
}

const segmenter = new Intl.Segmenter();

/** The longest prefix of `plain` (no colour) that fits `width` cells, and the rest. */
function splitAt(plain: string, width: number): [string, string] {
  if (PRINTABLE_ASCII.test(plain)) return [plain.slice(0, width), plain.slice(width)];
  let used = 0;
  let end = 0;
  for (const { segment, index } of segmenter.segment(plain)) {
    const w = stringWidth(segment);
    if (used + w > width) return [plain.slice(0, index), plain.slice(index)];
    used += w;
    end = index + segment.length;
  }
  return [plain.slice(0, end), plain.slice(end)];
}

/** Cut to `width` cells with "…"; a coloured cell loses its colour when it has to be cut. */
function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  return `${splitAt(stripVTControlCharacters(text), Math.max(0, width - 1))[0]}…`;
}

/** Word-wrap to `width` cells; words longer than a line are broken. */
function wrapLines(text: string, width: number): string[] {
  if (displayWidth(text) <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of stripVTControlCharacters(text).split(/\s+/).filter(Boolean)) {
    let rest = word;
    if (line !== '' && displayWidth(line) + 1 + displayWidth(rest) <= width) {
      line += ` ${rest}`;
      continue;
    }
    if (line !== '') lines.push(line);
    line = '';
    while (displayWidth(rest) > width) {
      const [head, tail] = splitAt(rest, width);
      lines.push(head);
      rest = tail;
    }
    line = rest;
  }
  if (line !== '') lines.push(line);
  return lines.length > 0 ? lines : [''];
}

/** Plain text: columns padded to their widest cell, two spaces apart. Fast for 10,000+ rows. */
function plain(columns: Column[], rows: string[][]): string {
  const widths = columns.map((c) => displayWidth(c.header));
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - displayWidth(cell))))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header.toUpperCase())), ...rows.map(line)].join('\n');
}

/**
 * Column widths for a boxed table on a `budget`-column terminal: natural widths, then shrink wrap columns, then
 * `max` columns, one cell at a time from the widest, until the table fits or nothing may shrink further.
 */
export function fitWidths(columns: Column[], natural: number[], budget: number | undefined): number[] {
  const widths = [...natural];
  if (budget === undefined) return widths;
  const frame = 3 * columns.length + 1; // "│ " before each cell, " " after, and the closing "│"
  let excess = widths.reduce((a, b) => a + b, 0) + frame - budget;
  for (const pass of [(c: Column) => Boolean(c.wrap), (c: Column) => c.max !== undefined && !c.wrap]) {
    while (excess > 0) {
      let widest = -1;
      columns.forEach((c, i) => {
        const w = widths[i] as number;
        if (pass(c) && w > Math.min(MIN_SHRUNK, natural[i] as number) && (widest < 0 || w > (widths[widest] as number))) widest = i;
      });
      if (widest < 0) break;
      widths[widest] = (widths[widest] as number) - 1;
      excess--;
    }
  }
  return widths;
}

const spaces: string[] = [];
function pad(n: number): string {
  if (n <= 0) return '';
  return (spaces[n] ??= ' '.repeat(n));
}

export function renderGrid(columns: Column[], rows: string[][], style: GridStyle): string {
  if (!style.boxed) return plain(columns, rows);
  const n = columns.length;
  // Display widths, measured once per cell (flat, so 10,000 rows allocate no per-row arrays).
  const cellWidth = new Int32Array(rows.length * n);
  const natural = columns.map((c) => displayWidth(c.header));
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as string[];
    for (let i = 0; i < n; i++) {
      const w = displayWidth(row[i] ?? '');
      cellWidth[r * n + i] = w;
      if (w > (natural[i] as number)) natural[i] = w;
    }
  }
  const widths = fitWidths(columns, natural, style.terminalWidth);
  const budget = style.terminalWidth;
  if (budget !== undefined && widths.reduce((a, b) => a + b, 0) + 3 * n + 1 > budget) {
    return records(columns, rows, budget, style);
  }
  const rule = (left: string, mid: string, right: string) => left + widths.map((w) => '─'.repeat(w + 2)).join(mid) + right;
  // A row whose cells all fit is one line; a cell too wide is cut (or, in a wrap column, wraps onto more lines).
  const emit = (values: string[], known: (i: number) => number, out: string[], paint?: (text: string) => string) => {
    let fits = true;
    for (let i = 0; i < n && fits; i++) fits = known(i) <= (widths[i] as number);
    if (fits) {
      let line = '│';
      for (let i = 0; i < n; i++) {
        const v = values[i] ?? '';
        line += ` ${paint ? paint(v) : v}${pad((widths[i] as number) - known(i))} │`;
      }
      out.push(line);
      return;
    }
    const cells = values.map((v, i) =>
      known(i) <= (widths[i] as number) ? [v] : columns[i]?.wrap ? wrapLines(v, widths[i] as number) : [truncate(v, widths[i] as number)],
    );
    const height = Math.max(...cells.map((c) => c.length));
    for (let k = 0; k < height; k++) {
      out.push('│' + cells.map((c, i) => {
        const v = c[k] ?? '';
        return ` ${paint ? paint(v) : v}${pad((widths[i] as number) - displayWidth(v))} `;
      }).join('│') + '│');
    }
  };
  const separator = rule('├', '┼', '┤');
  const out: string[] = [rule('┌', '┬', '┐')];
  const headers = columns.map((c) => c.header);
  emit(headers, (i) => displayWidth(headers[i] as string), out, style.header);
  if (rows.length > 0) out.push(separator);
  for (let r = 0; r < rows.length; r++) {
    if (style.rowRules && r > 0) out.push(separator);
    emit(rows[r] as string[], (i) => cellWidth[r * n + i] as number, out);
  }
  out.push(rule('└', '┴', '┘'));
  return out.join('\n');
}

/** The narrow-terminal form: one block per row, headed by its title column (see the top of this file). */
function records(columns: Column[], rows: string[][], budget: number, style: TableStyle): string {
  let titleAt = columns.findIndex((c) => c.title);
  if (titleAt < 0) titleAt = columns.findIndex((c) => c.header !== '' && c.max === undefined && !c.wrap);
  if (titleAt < 0) titleAt = 0;
  const labelled = columns.map((c, i) => ({ c, i })).filter(({ c, i }) => i !== titleAt && c.header !== '');
  const unlabelled = columns.map((c, i) => ({ c, i })).filter(({ c, i }) => i !== titleAt && c.header === '');
  const labelWidth = Math.max(0, ...labelled.map(({ c }) => displayWidth(c.header)));
  const valueWidth = Math.max(MIN_SHRUNK, budget - 2 - labelWidth - 2);
  const firstLabel = labelled.map(({ c }) => `  ${style.header(c.header)}${pad(labelWidth - displayWidth(c.header))}  `);
  const nextLabel = `  ${pad(labelWidth)}  `;
  const out: string[] = [];
  rows.forEach((row, k) => {
    if (k > 0) out.push('');
    const marks = unlabelled.map(({ i }) => row[i] ?? '').filter((v) => v !== '');
    out.push([...marks, row[titleAt] ?? ''].join(' '));
    labelled.forEach(({ i }, j) => {
      const value = row[i] ?? '';
      if (value === '') return;
      if (displayWidth(value) <= valueWidth) out.push(firstLabel[j] + value);
      else wrapLines(value, valueWidth).forEach((line, k) => out.push((k === 0 ? firstLabel[j] : nextLabel) + line));
    });
  });
  return out.join('\n');
}
