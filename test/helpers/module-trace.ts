/**
 * Black-box module tracing for a child `node` process: which modules did it load?
 *
 * `traceNodeOptions(file)` gives a NODE_OPTIONS value (`--import=data:…`) that, before the program starts,
 *  1. registers an ESM resolve hook (Node's module.register) that appends every resolved URL to `file`
 *     ("esm <url>"), and
 *  2. on exit, appends every CommonJS module in require.cache ("cjs <path>") — this also catches packages
 *     reached through require() inside CommonJS code, which Node 20's resolve hook does not see.
 * Two independent detectors: a module counts as loaded if either saw it. Nothing is written to stdout or stderr.
 *
 * The published program is a bundle (dist/bundle/, see scripts/bundle.mjs): there the resolver sees chunks, not
 * modules. `readTrace` expands every loaded chunk into the modules esbuild put in it (from dist/bundle-meta.json),
 * pat's own as their tsc twins in dist/src and packages at their node_modules paths, so the same questions
 * ("was snowflake-sdk loaded?", "which of pat's modules?") have the same answers for both builds. A module
 * counts as loaded when the chunk holding it was.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HOOKS = `
import { appendFileSync } from 'node:fs';
let file;
export function initialize(data) { file = data.file; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(file, 'esm ' + result.url + '\\n');
  return result;
}
`;

function registration(file: string): string {
  const hooksUrl = `data:text/javascript,${encodeURIComponent(HOOKS)}`;
  return `
import { register, createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';
const file = ${JSON.stringify(file)};
appendFileSync(file, 'start ' + process.pid + '\\n');
register(${JSON.stringify(hooksUrl)}, { data: { file } });
process.on('exit', () => {
  const cache = createRequire(file).cache;
  appendFileSync(file, Object.keys(cache).map((key) => 'cjs ' + key + '\\n').join('') + 'exit\\n');
});
`;
}

/** A NODE_OPTIONS value that traces module loading into `file` (an absolute path). */
export function traceNodeOptions(file: string): string {
  return `--import=data:text/javascript,${encodeURIComponent(registration(file))}`;
}

export interface ModuleTrace {
  /** The registration ran (the trace is not vacuous). */
  started: boolean;
  /** URLs the ESM resolver produced. */
  esm: string[];
  /** CommonJS module paths in require.cache at exit; empty if the process never reached 'exit'. */
  cjs: string[];
  /** The 'exit' handler ran. */
  exited: boolean;
  /** Bundle files loaded, as names in dist/bundle ("cli.js", "chunk-ABC.js", "lazy-zod.cjs"). */
  chunks: string[];
  /** What the resolver really resolved (before expanding chunks): files read from disk, and built-ins. */
  resolved: string[];
}

/** The repository root (this file is dist/test/helpers/module-trace.js). */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BUNDLE_DIR = path.join(ROOT, 'dist', 'bundle');

export interface BundleMeta {
  /** What scripts/bundle.mjs replaced by stubs: a package-name pattern and the feature it serves. */
  leftOut: { pattern: string; feature: string }[];
  /** esbuild's metafile: inputs are paths relative to the root ("src/main.ts", "node_modules/x/y.js"). */
  metafile: { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }>; bytes: number }> };
}

let meta: BundleMeta | undefined;
export function bundleMeta(): BundleMeta {
  return (meta ??= JSON.parse(readFileSync(path.join(ROOT, 'dist', 'bundle-meta.json'), 'utf8')) as BundleMeta);
}

/** The modules inside one bundle output (a file name in dist/bundle), relative to the root. */
export function chunkInputs(chunk: string): string[] {
  const output = bundleMeta().metafile.outputs[`dist/bundle/${chunk}`];
  if (!output) throw new Error(`dist/bundle/${chunk} is not in dist/bundle-meta.json: rebuild (npm run build)`);
  return Object.keys(output.inputs);
}

/** A module of the bundle as the URL of the file it came from (pat's own: its tsc output in dist/src). */
function moduleUrl(input: string): string | undefined {
  if (input.startsWith('src/') && input.endsWith('.ts')) return pathToFileURL(path.join(ROOT, 'dist', input.replace(/\.ts$/, '.js'))).href;
  if (input.startsWith('node_modules/')) return pathToFileURL(path.join(ROOT, input)).href;
  // The emulator package's modules, named as if they were pat's `emulator/…` so the start-up guards (which forbid
  // /^emulator\//) keep seeing them inside a chunk.
  const emulator = /^packages\/emulator\/src\/(.+)\.ts$/.exec(input);
  if (emulator) return pathToFileURL(path.join(ROOT, 'dist', 'src', 'emulator', `${emulator[1]}.js`)).href;
  return undefined;
}

export async function readTrace(file: string): Promise<ModuleTrace> {
  const lines = (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  const resolved = lines.filter((l) => l.startsWith('esm ')).map((l) => l.slice(4));
  const cjs = lines.filter((l) => l.startsWith('cjs ')).map((l) => l.slice(4));
  const bundleUrl = pathToFileURL(BUNDLE_DIR).href + '/';
  const bundleDir = BUNDLE_DIR + path.sep;
  const chunks = [
    ...new Set([
      ...resolved.filter((u) => u.startsWith(bundleUrl)).map((u) => u.slice(bundleUrl.length)),
      // The lazily required packages (dist/bundle/lazy-*.cjs) are CommonJS: require.cache sees them.
      ...cjs.filter((f) => f.startsWith(bundleDir)).map((f) => f.slice(bundleDir.length)),
    ]),
  ];
  const inside = chunks.flatMap((chunk) => chunkInputs(chunk).map(moduleUrl).filter((u): u is string => u !== undefined));
  const esm = [...new Set([...resolved, ...inside])];
  return { started: lines.some((l) => l.startsWith('start ')), esm, cjs, exited: lines.includes('exit'), chunks, resolved };
}

/** Bundle chunks holding any module of the package `name` (e.g. the driver chunk for snowflake-sdk). */
export function chunksWithPackage(name: string): string[] {
  const prefix = `node_modules/${name}/`;
  return Object.entries(bundleMeta().metafile.outputs)
    .filter(([, output]) => Object.keys(output.inputs).some((input) => input.startsWith(prefix)))
    .map(([file]) => path.basename(file));
}

const PACKAGE = /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/;

/** npm package name → number of its files loaded (ESM and CommonJS together, each file once). */
export function packagesLoaded(trace: ModuleTrace): Map<string, number> {
  const files = new Set([...trace.esm.map((u) => (u.startsWith('file://') ? decodeURIComponent(new URL(u).pathname) : u)), ...trace.cjs]);
  const counts = new Map<string, number>();
  for (const f of files) {
    const match = PACKAGE.exec(f);
    if (!match) continue;
    const name = match[1]!.replace(/\\/g, '/');
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

/** Which detector saw snowflake-sdk, if any. */
export function snowflakeSdkLoaded(trace: ModuleTrace): { esm: boolean; cjs: boolean } {
  const sdk = /[\\/]node_modules[\\/]snowflake-sdk[\\/]/;
  return { esm: trace.esm.some((u) => sdk.test(u)), cjs: trace.cjs.some((p) => sdk.test(p)) };
}
