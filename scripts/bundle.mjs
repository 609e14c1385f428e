/**
 * The published program: src/cli.ts bundled by esbuild into dist/bundle/ — an entry (cli.js) plus chunks that load
 * on first use (ESM code splitting follows pat's dynamic imports: each command's -run module, the driver wrapper,
 * the emulator). Every third-party package is inside, so the published package has no runtime dependencies.
 *
 *   node scripts/bundle.mjs [--stamp]   bundle pat; with --stamp (npm run build, after tsc) also the build stamp
 *
 * Also bundles bench/floor.ts (the raw-driver floor) with the same options, so the benchmark compares like with
 * like. The module lists below (LEFT_OUT) are what pat never reaches in snowflake-sdk; see BENCHMARKS.md.
 */
import { build } from 'esbuild';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const BUNDLE_DIR = path.join(ROOT, 'dist', 'bundle');
export const FLOOR_DIR = path.join(ROOT, 'dist', 'bench-bundle');
export const META_FILE = path.join(ROOT, 'dist', 'bundle-meta.json');
export const STAMP_FILE = path.join(ROOT, 'dist', '.build-stamp');

// CommonJS code inside an ESM bundle calls require() for Node's built-ins and reads __dirname (the driver, to look
// for its log configuration; `open`, for a helper script it falls back from): give them to the chunks that use
// them, and only to those — start-up chunks should not pay for a createRequire each.
const REQUIRE_BANNER =
  "import { createRequire as __patCreateRequire } from 'node:module'; const require = __patCreateRequire(import.meta.url);";
const DIRNAME_BANNER =
  "import { fileURLToPath as __patFileURLToPath } from 'node:url'; const __filename = __patFileURLToPath(import.meta.url); const __dirname = __patFileURLToPath(new URL('.', import.meta.url));";

/** The banner lines one output needs, put after its hashbang (the entry keeps `#!` on its first line). */
function withBanners(text) {
  const lines = [];
  if (/\brequire\b/.test(text)) lines.push(REQUIRE_BANNER);
  if (/\b__(dirname|filename)\b/.test(text)) lines.push(DIRNAME_BANNER);
  if (lines.length === 0) return text;
  const hashbang = text.startsWith('#!') ? text.slice(0, text.indexOf('\n') + 1) : '';
  return hashbang + lines.join('\n') + '\n' + text.slice(hashbang.length);
}

/** Builds with `write: false`, then writes each output with the banners it needs. */
export async function buildAndWrite(config) {
  const result = await build({ ...config, write: false });
  for (const file of result.outputFiles) {
    await mkdir(path.dirname(file.path), { recursive: true });
    await writeFile(file.path, file.path.endsWith('.js') ? withBanners(file.text) : file.contents, { mode: path.basename(file.path) === 'cli.js' ? 0o755 : 0o644 });
  }
  return result;
}

/**
 * `const requireModule = createRequire(import.meta.url)` then `requireModule('zod')` is pat's synchronous lazy load
 * of a package needed only sometimes (zod: to word the problems of an invalid config; cli-table3: to draw a boxed
 * table). In the bundle each such package becomes its own CommonJS file next to the chunks (dist/bundle/zod.cjs),
 * and the call becomes `require('./zod.cjs')`: still synchronous, still loaded only when called, and — unlike
 * bundling it into the chunk that calls it — not parsed by every command that loads that chunk.
 */
export const LAZY_PACKAGES = new Set();

const lazyRequires = {
  name: 'lazy-requires',
  setup(b) {
    b.onLoad({ filter: /[\\/](src|bench)[\\/].*\.ts$/ }, async (args) => {
      let contents = await readFile(args.path, 'utf8');
      const binding = /const (\w+) = createRequire\(import\.meta\.url\);/.exec(contents);
      if (binding) {
        contents = contents.replace(new RegExp(`\\b${binding[1]}\\((['"])([^'"]+)\\1\\)`, 'g'), (_, quote, name) => {
          LAZY_PACKAGES.add(name);
          return `require(${quote}./${lazyFile(name)}${quote})`;
        });
      }
      return { contents, loader: 'ts' };
    });
    b.onResolve({ filter: /^\.\/lazy-[\w.-]+\.cjs$/ }, (args) => ({ path: args.path, external: true }));
  },
};

/** dist/bundle/lazy-<name>.cjs for a package name (scope slash → "+"). */
function lazyFile(name) {
  return `lazy-${name.replace('/', '+')}.cjs`;
}

/**
 * snowflake-sdk's dependencies that only features pat never uses reach. Each is replaced by a stub that loads
 * fine (the driver requires most of them at the top of a file) but throws a clear error when anything in it is
 * called or constructed — and, when PAT_LEFT_OUT_TRACE names a file, appends what was reached to it, which the
 * tests use to prove that no path pat takes reaches a stub. Why each one is safe to leave out: BENCHMARKS.md.
 */
export const LEFT_OUT = [
  // Workload identity federation (authenticator WORKLOAD_IDENTITY) and the cloud-platform probe behind login
  // telemetry, which pat turns off (SNOWFLAKE_DISABLE_PLATFORM_DETECTION in src/providers/snowflake/client.ts).
  { pattern: /^@aws-sdk\/(client-sts|credential-provider-node|ec2-metadata-service)(\/|$)/, feature: 'workload identity federation (AWS)' },
  { pattern: /^@smithy\/(protocol-http|signature-v4)(\/|$)/, feature: 'workload identity federation (AWS request signing)' },
  { pattern: /^@aws-crypto\/sha256-js(\/|$)/, feature: 'workload identity federation (AWS request signing)' },
  { pattern: /^@azure\/identity(\/|$)/, feature: 'workload identity federation (Azure)' },
  { pattern: /^google-auth-library(\/|$)/, feature: 'workload identity federation (GCP)' },
  // File transfer: PUT and GET to S3, Azure Blob storage or GCS stages. pat never sends PUT or GET.
  { pattern: /^@aws-sdk\/client-s3(\/|$)/, feature: 'PUT/GET file transfer (S3 stages)' },
  { pattern: /^@smithy\/node-http-handler(\/|$)/, feature: 'PUT/GET file transfer (S3 stages)' },
  { pattern: /^@azure\/storage-blob(\/|$)/, feature: 'PUT/GET file transfer (Azure stages)' },
  { pattern: /^mime-types(\/|$)/, feature: 'PUT/GET file transfer (content types)' },
  // The driver's own file/console logger: pat always installs a silent customLogger, which bypasses winston.
  { pattern: /^winston(\/|$)/, feature: "the driver's built-in file logger (pat installs its own silent logger)" },
  // XML column values (the XML type); pat's statements return none.
  { pattern: /^fast-xml-parser(\/|$)/, feature: 'XML column values' },
];

const STUB = (name, feature) => `
const message = ${JSON.stringify(`pat was built without ${name}, which snowflake-sdk uses only for ${feature}; pat does not support that feature.`)};
function reached(what) {
  const file = process.env.PAT_LEFT_OUT_TRACE;
  if (file) require('node:fs').appendFileSync(file, ${JSON.stringify(name)} + ' ' + what + '\\n');
  const error = new Error(message);
  error.code = 'PAT_LEFT_OUT';
  throw error;
}
function stub(path) {
  return new Proxy(function leftOut() {}, {
    get(_, key) {
      if (typeof key === 'symbol' || key === '__esModule' || key === 'then' || key === 'prototype') return undefined;
      return stub(path + '.' + key);
    },
    apply() { reached(path + '()'); },
    construct() { reached('new ' + path); },
  });
}
module.exports = stub(${JSON.stringify(name)});
`;

const leaveOut = {
  name: 'leave-out',
  setup(b) {
    b.onResolve({ filter: /^[@a-z]/ }, (args) => {
      const entry = LEFT_OUT.find((e) => e.pattern.test(args.path));
      return entry ? { path: args.path, namespace: 'left-out', pluginData: entry } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'left-out' }, (args) => ({
      contents: STUB(args.path, args.pluginData.feature),
      loader: 'js',
    }));
  },
};

export function options(entryPoints, outdir, plugins = []) {
  return {
    entryPoints,
    outdir,
    absWorkingDir: ROOT,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: '[name]-[hash]',
    minify: true,
    keepNames: false,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    // The driver formats timestamps with moment-timezone, whose default entry carries every zone's full history
    // (725 KB of data parsed by every networked command). The same library built with 1970–2030 data is 147 KB:
    // pat reads timestamps as Date values (absolute instants, the same with any zone data); only the driver's
    // wall-clock formatting of a date outside 1970–2030 could differ. Measured: −6 MiB peak RSS per command.
    // jsonc-parser's main entry is UMD, whose factory requires its parts at run time, which a bundle cannot
    // follow; its ESM build (the package's "module" field) bundles like any other module.
    alias: {
      'moment-timezone': 'moment-timezone/builds/moment-timezone-with-data-1970-2030.js',
      'jsonc-parser': 'jsonc-parser/lib/esm/main.js',
    },
    plugins: [lazyRequires, leaveOut, ...plugins],
  };
}

/**
 * NOTICE: the licence of every third-party package that ended up in the bundle (the published package ships their
 * code, so it ships their notices), generated from the bundle's metafile so it never drifts from what is inside.
 */
async function writeNotice(metafile) {
  const roots = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) roots.add(match[1]);
  }
  const sections = [];
  for (const root of [...roots].sort()) {
    const pkg = JSON.parse(await readFile(path.join(ROOT, root, 'package.json'), 'utf8'));
    const files = (await readdir(path.join(ROOT, root))).filter((f) => /^(licen[cs]e|copying|notice)(\.|$|-)/i.test(f)).sort();
    const texts = await Promise.all(files.map((f) => readFile(path.join(ROOT, root, f), 'utf8')));
    const licence = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? 'see its package');
    const body = texts.length > 0 ? texts.map((t) => t.trim()).join('\n\n') : `(no licence file in the package; its package.json says ${licence})`;
    sections.push(`${pkg.name}@${pkg.version} — ${licence}\n\n${body}`);
  }
  const rule = `\n\n${'-'.repeat(78)}\n\n`;
  const head = 'snowflake-pat bundles the following third-party packages (dist/bundle/). Their licences follow.';
  await writeFile(path.join(ROOT, 'NOTICE'), `${head}${rule}${sections.join(rule)}\n`);
  return roots.size;
}

export async function bundleAll() {
  await rm(BUNDLE_DIR, { recursive: true, force: true });
  await rm(FLOOR_DIR, { recursive: true, force: true });
  // main.js is the program without the process binding: what the in-process tests run (test/helpers/inproc.ts), so
  // they exercise the shipped code and load the bundled driver (0.4 s) instead of snowflake-sdk's 300 files (1.1 s).
  const pat = await buildAndWrite(options({ cli: path.join(ROOT, 'src', 'cli.ts'), main: path.join(ROOT, 'src', 'main.ts') }, BUNDLE_DIR));
  // Each lazily required package as one CommonJS file (no splitting: it is loaded whole, on demand).
  for (const name of LAZY_PACKAGES) {
    const lazy = await buildAndWrite({
      ...options([], BUNDLE_DIR),
      entryPoints: undefined,
      stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: ROOT, loader: 'js' },
      outdir: undefined,
      outfile: path.join(BUNDLE_DIR, lazyFile(name)),
      splitting: false,
      format: 'cjs',
    });
    for (const [file, output] of Object.entries(lazy.metafile.outputs)) pat.metafile.outputs[file] = output;
    Object.assign(pat.metafile.inputs, lazy.metafile.inputs);
  }
  await buildAndWrite(options({ floor: path.join(ROOT, 'bench', 'floor.ts') }, FLOOR_DIR)); // (no lazy requires)
  await mkdir(path.dirname(META_FILE), { recursive: true });
  await writeFile(META_FILE, JSON.stringify({ leftOut: LEFT_OUT.map((e) => ({ pattern: e.pattern.source, feature: e.feature })), metafile: pat.metafile }));
  await writeNotice(pat.metafile);
  return pat.metafile;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await bundleAll();
  // `npm run build` passes --stamp once tsc has succeeded too: scripts/test.mjs then knows dist/ is current.
  if (process.argv.includes('--stamp')) await writeFile(STAMP_FILE, `${new Date().toISOString()}\n`);
}
