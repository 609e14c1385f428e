/**
 * Black-box module tracing for a child `node` process: which modules did it load?
 *
 * `traceNodeOptions(file)` gives a NODE_OPTIONS value (`--import=data:…`) that, before the program starts,
 *  1. registers an ESM resolve hook (Node's module.register) that appends every resolved URL to `file`
 *     ("esm <url>"), and
 *  2. on exit, appends every CommonJS module in require.cache ("cjs <path>") — this also catches packages
 *     reached through require() inside CommonJS code, which Node 20's resolve hook does not see.
 * Two independent detectors: a module counts as loaded if either saw it. Nothing is written to stdout or stderr.
 */
import { readFile } from 'node:fs/promises';

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
}

export async function readTrace(file: string): Promise<ModuleTrace> {
  const lines = (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  const esm = lines.filter((l) => l.startsWith('esm ')).map((l) => l.slice(4));
  const cjs = lines.filter((l) => l.startsWith('cjs ')).map((l) => l.slice(4));
  return { started: lines.some((l) => l.startsWith('start ')), esm, cjs, exited: lines.includes('exit') };
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
