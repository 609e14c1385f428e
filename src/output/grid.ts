/**
 * Tables for long listings (`pat inventory` may print tens of thousands of rows). Piped output is renderTable's
 * plain form (already linear). On a terminal, cli-table3 lays out every row against every other and takes seconds
 * for 10,000 rows, so this draws the same box characters itself in one pass: widths first, then each line once.
 * Cells are cut to the column's `max` (shrunk on narrow terminals as renderTable does); colour codes take no room.
 * With `rowRules` a rule separates every row, as cli-table3 draws them (`pat list` keeps that look).
 * Widths count UTF-16 code units, not terminal cells: wide (CJK) characters are not measured as double width.
 */
import { renderTable, type Column, type TableStyle } from './table.js';

const ANSI = /\u001b\[[0-9;]*m/g;
function visibleLength(text: string): number {
  return text.includes('\u001b') ? text.replace(ANSI, '').length : text.length;
}

/** Cuts to `max` visible characters with "…"; a coloured cell is stripped of colour when it has to be cut. */
function cut(text: string, max: number | undefined): string {
  if (max === undefined || visibleLength(text) <= max) return text;
  const plain = text.replace(ANSI, '');
  return `${plain.slice(0, Math.max(1, max - 1))}…`;
}

export interface GridStyle extends TableStyle {
  /** Draw a rule between every two rows, not only under the header. */
  rowRules?: boolean;
}

export function renderGrid(columns: Column[], rows: string[][], style: GridStyle): string {
  if (!style.boxed) return renderTable(columns, rows, style);
  const budget = style.terminalWidth;
  const limits = columns.map((c) => (budget && budget < 100 && c.max ? Math.max(8, Math.floor(c.max * 0.6)) : c.max));
  const cells = rows.map((row) => columns.map((_, i) => cut(row[i] ?? '', limits[i])));
  const widths = columns.map((c) => c.header.length);
  for (const row of cells) {
    for (let i = 0; i < row.length; i++) {
      const w = visibleLength(row[i] as string);
      if (w > (widths[i] as number)) widths[i] = w;
    }
  }
  const rule = (left: string, mid: string, right: string) => left + widths.map((w) => '─'.repeat(w + 2)).join(mid) + right;
  const line = (values: string[]) =>
    '│' + values.map((v, i) => ` ${v}${' '.repeat((widths[i] as number) - visibleLength(v))} `).join('│') + '│';
  const separator = rule('├', '┼', '┤');
  const out: string[] = [rule('┌', '┬', '┐'), line(columns.map((c) => style.header(c.header)))];
  if (cells.length > 0) out.push(separator);
  cells.forEach((row, k) => {
    if (style.rowRules && k > 0) out.push(separator);
    out.push(line(row));
  });
  out.push(rule('└', '┴', '┘'));
  return out.join('\n');
}
