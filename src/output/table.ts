/**
 * Tables: boxed and coloured on a terminal (cli-table3), plain aligned columns when piped so scripts get stable
 * output. Columns that would overflow the terminal are truncated with an ellipsis.
 */
import { createRequire } from 'node:module';
import type TableConstructor from 'cli-table3';

// cli-table3 (and its string-width dependencies) load only when a boxed table is drawn.
const requireModule = createRequire(import.meta.url);

export interface Column {
  header: string;
  /** Maximum width on a terminal; longer cells are cut with "…". */
  max?: number;
}

export interface TableStyle {
  boxed: boolean;
  terminalWidth?: number;
  /** Colours the header (identity when colour is off). */
  header: (text: string) => string;
}

function cut(text: string, max: number | undefined): string {
  if (max === undefined || text.length <= max) return text;
  return `${text.slice(0, Math.max(1, max - 1))}…`;
}

/** Plain text: columns padded to their widest cell, two spaces apart. Fast for 10,000+ rows. */
function plain(columns: Column[], rows: string[][]): string {
  const widths = columns.map((c) => c.header.length);
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, visibleLength(cell))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - visibleLength(cell))))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header.toUpperCase())), ...rows.map(line)].join('\n');
}

// Colour codes do not take up room on screen.
const ANSI = /\u001b\[[0-9;]*m/g;
function visibleLength(text: string): number {
  return text.replace(ANSI, '').length;
}

export function renderTable(columns: Column[], rows: string[][], style: TableStyle): string {
  if (!style.boxed) return plain(columns, rows);
  const budget = style.terminalWidth;
  const shrink = (max: number | undefined) => (budget && budget < 100 && max ? Math.max(8, Math.floor(max * 0.6)) : max);
  const Table = requireModule('cli-table3') as typeof TableConstructor;
  const table = new Table({
    head: columns.map((c) => style.header(c.header)),
    style: { head: [], border: [] },
  });
  for (const row of rows) table.push(row.map((cell, i) => cut(cell, shrink(columns[i]?.max))));
  return table.toString();
}
