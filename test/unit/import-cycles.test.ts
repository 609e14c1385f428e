/**
 * Import cycles in src/: a ratchet until issue #12's provider interface removes the last ones. The test finds every
 * cycle (strongly connected set of modules, counting value imports, static and dynamic; `import type` is erased and
 * does not count) and compares it with the known list below: a new cycle fails, and so does a known one that is gone
 * (then delete it from the list, so it cannot come back unnoticed).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SRC = path.join(ROOT, 'src');

/** Known cycles (sorted module lists), each to be broken by #12. */
const KNOWN: string[][] = [
  // the command surfaces and the Pangolin provider reach each other through commands/action.ts
  [
    'commands/action.ts', 'commands/deliver.ts', 'fleet/due.ts', 'providers/pangolin/commands.ts', 'providers/pangolin/create.ts',
    'providers/pangolin/deliver.ts', 'providers/pangolin/list.ts', 'providers/pangolin/revoke.ts', 'providers/pangolin/rotate.ts',
    'providers/pangolin/rotate-admin.ts', 'providers/pangolin/test-connection.ts',
  ],
  // a lazily imported *-run module takes constants from its own surface
  ['commands/rotate-run.ts', 'commands/rotate.ts'],
  ['commands/demo-run.ts', 'commands/demo.ts', 'main.ts'],
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

function valueImports(file: string, known: Set<string>): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  const patterns = [/^\s*(?:import|export)\s+(?!type\b)[^'";]*?from\s+'(\.[^']+)'/gm, /^\s*import\s+'(\.[^']+)'/gm, /import\(\s*'(\.[^']+)'\s*\)/g];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      const target = path.normalize(path.join(path.dirname(file), match[1]!)).replace(/\.js$/, '.ts');
      if (known.has(target)) found.push(target);
    }
  }
  return found;
}

/** Tarjan's strongly connected components with more than one module (or a module importing itself). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component);
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

test('src/ has no import cycle beyond the known ones (issue #12 removes those)', () => {
  const files = sources(SRC);
  const known = new Set(files);
  const graph = new Map(files.map((file) => [file, valueImports(file, known)]));
  const relative = (component: string[]) => component.map((f) => path.relative(SRC, f).split(path.sep).join('/')).sort();
  const found = cycles(graph).map(relative).map((c) => c.join(' ')).sort();
  const expected = KNOWN.map((c) => [...c].sort().join(' ')).sort();
  assert.deepEqual(found, expected);
});

test('the cycle finder sees a cycle (so the check above can fail)', () => {
  const graph = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a']],
    ['d', ['a']],
  ]);
  assert.deepEqual(cycles(graph).map((c) => [...c].sort()), [['a', 'b', 'c']]);
});
