/**
 * Tables: one renderer for every command, in ./grid.ts (boxed and sized to the terminal, plain when piped).
 * Kept as a module so callers that import renderTable keep working.
 */
export { renderGrid as renderTable, type Column, type TableStyle } from './grid.js';
