/**
 * The shape of src/, checked: no import cycles (strongly connected sets of modules, counting value imports, static
 * and dynamic; `import type` is erased and does not count), and imports point down the layers the README's
 * "Architecture" section describes.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SRC = path.join(ROOT, 'src');

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

function importGraph(): Map<string, string[]> {
  const files = sources(SRC);
  const known = new Set(files);
  return new Map(files.map((file) => [file, valueImports(file, known)]));
}

const rel = (file: string) => path.relative(SRC, file).split(path.sep).join('/');

test('src/ has no import cycle', () => {
  const found = cycles(importGraph()).map((c) => c.map(rel).sort().join(' '));
  assert.deepEqual(found, []);
});

/**
 * The layers, top to bottom. A module may import its own layer and those below it, never one above. The provider
 * registry (providers/provider.ts) loads the two implementations, which sit beside it.
 */
const LAYERS: [string, RegExp][] = [
  ['entry', /^(cli|main)\.ts$/],
  ['commands', /^commands\//],
  ['fleet', /^fleet\//],
  ['providers', /^providers\//],
  ['delivery', /^delivery\//],
  ['services', /^(config|connection|output)\//],
  ['kernel', /^(kernel\/|errors\.ts$|factory\.ts$)/],
];

function layerOf(file: string): number {
  const index = LAYERS.findIndex(([, pattern]) => pattern.test(file));
  assert.notEqual(index, -1, `${file} belongs to no layer: add it to LAYERS and to the README's Architecture section`);
  return index;
}

/** Imports from a lower layer up to a higher one (a lower index). */
function upwardImports(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) if (layerOf(rel(to)) < layerOf(rel(from))) found.push(`${rel(from)} -> ${rel(to)}`);
  }
  return found.sort();
}

test('imports point down: commands → fleet → providers → delivery → config/connection/output → kernel', () => {
  assert.deepEqual(upwardImports(importGraph()), []);
});

test('the token systems never import each other: what they share lives below them', () => {
  const crossing = [...importGraph()].flatMap(([from, targets]) =>
    targets
      .filter((to) => {
        const [a, b] = [rel(from), rel(to)].map((f) => /^providers\/(snowflake|pangolin)\//.exec(f)?.[1]);
        return a !== undefined && b !== undefined && a !== b;
      })
      .map((to) => `${rel(from)} -> ${rel(to)}`),
  );
  assert.deepEqual(crossing, []);
});

test('the layer check sees an upward import (so the check above can fail)', () => {
  const graph = new Map([[path.join(SRC, 'config/read.ts'), [path.join(SRC, 'commands/create.ts')]]]);
  assert.deepEqual(upwardImports(graph), ['config/read.ts -> commands/create.ts']);
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
