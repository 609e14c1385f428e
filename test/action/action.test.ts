/**
 * The GitHub Action (action.yml, composite) run the way the runner runs it, against the emulator: action.yml is
 * parsed with `yaml`, each step's `run:` goes to `bash --noprofile --norc -eo pipefail` with the step's `env:`
 * (expressions `${{ inputs.* }}`, `${{ steps.*.outputs.* }}`, `${{ github.action_path }}` substituted, inputs
 * defaulted from action.yml), a fresh $GITHUB_OUTPUT per step, one $GITHUB_ENV and $GITHUB_STEP_SUMMARY for the
 * job, $GITHUB_ENV's exports applied to later steps, and the first failing step ending the action.
 * The `package` input is the tarball of this build (npm pack), installed by the action's own install step (once per file).
 * The runner's log masking cannot be run here: the tests check that every secret gets an ::add-mask:: line before
 * it could appear, and that it appears nowhere else in the output.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { cleanEnv } from '../helpers/cli.js';
import { adminEnv, BASE_CONFIG, startWorld, type World } from '../helpers/world.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface ActionStep {
  name: string;
  id?: string;
  shell: string;
  env?: Record<string, string>;
  run: string;
}
interface ActionFile {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

interface ActionRun {
  /** The exit code of the last step that ran (the first failing one, or the last). */
  code: number | null;
  failedStep?: string;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  githubEnv: Record<string, string>;
  /** The outputs of the "Install pat" step, when it ran and succeeded. */
  installed?: Record<string, string>;
}

/** `name=value` and `name<<DELIM … DELIM` lines, as the runner reads $GITHUB_OUTPUT and $GITHUB_ENV. */
function parseCommandFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) body.push(lines[i]!);
      values[heredoc[1]!] = body.join('\n');
    } else if (line.includes('=')) {
      values[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return values;
}

function runBash(script: string, env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let runSeq = 0;

/**
 * Runs the action's steps. With `installed` (the outputs of an earlier run of the "Install pat" step), that step
 * is not run again: the tarball is installed once per test file — the first run shows that the step works — and
 * later runs reuse its outputs instead of spending seconds in `npm install` each.
 */
async function runAction(action: ActionFile, given: Record<string, string>, env: NodeJS.ProcessEnv, cwd: string, work: string, installed?: Record<string, string>): Promise<ActionRun> {
  for (const name of Object.keys(given)) assert.ok(name in action.inputs, `action.yml has no input ${name}`);
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) inputs[name] = given[name] ?? spec.default ?? '';
  const steps: Record<string, Record<string, string>> = {};
  const expand = (text: string) =>
    text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
      let m: RegExpExecArray | null;
      if ((m = /^inputs\.([\w-]+)$/.exec(expr))) return inputs[m[1]!] ?? '';
      if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr))) return steps[m[1]!]?.[m[2]!] ?? '';
      if (expr === 'github.action_path') return ROOT;
      throw new Error(`expression not supported by the test runner: ${expr}`);
    });
  const dir = path.join(work, `run-${runSeq++}`);
  await mkdir(dir, { recursive: true });
  const envFile = path.join(dir, 'github_env');
  const summaryFile = path.join(dir, 'step_summary');
  await writeFile(envFile, '');
  await writeFile(summaryFile, '');
  const result: ActionRun = { code: 0, stdout: '', stderr: '', outputs: {}, summary: '', githubEnv: {} };
  for (const [k, step] of action.runs.steps.entries()) {
    assert.equal(step.shell, 'bash', `step ${step.name} must run in bash`);
    if (step.id === 'install' && installed) {
      steps[step.id] = installed;
      continue;
    }
    const outputFile = path.join(dir, `output-${k}`);
    await writeFile(outputFile, '');
    const script = path.join(dir, `step-${k}.sh`);
    await writeFile(script, expand(step.run));
    const stepEnv: NodeJS.ProcessEnv = { ...env, ...parseCommandFile(await readFile(envFile, 'utf8')), GITHUB_ENV: envFile, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile };
    for (const [name, value] of Object.entries(step.env ?? {})) stepEnv[name] = expand(String(value));
    const ran = await runBash(script, stepEnv, cwd);
    result.stdout += ran.stdout;
    result.stderr += ran.stderr;
    if (step.id) steps[step.id] = parseCommandFile(await readFile(outputFile, 'utf8'));
    if (step.id === 'install' && ran.code === 0) result.installed = steps[step.id];
    result.code = ran.code;
    if (ran.code !== 0) {
      result.failedStep = step.name;
      break;
    }
  }
  for (const [name, spec] of Object.entries(action.outputs)) result.outputs[name] = expand(spec.value);
  result.summary = await readFile(summaryFile, 'utf8');
  result.githubEnv = parseCommandFile(await readFile(envFile, 'utf8'));
  return result;
}

/** Every occurrence of `secret` in `text` is inside an ::add-mask:: line, and the first mask line comes first. */
function assertMasked(text: string, secret: string, what: string): void {
  const mask = `::add-mask::${secret}`;
  const first = text.indexOf(secret);
  assert.ok(first >= 0 && text.indexOf(mask) === first - '::add-mask::'.length, `${what} is not masked before it appears`);
  assert.equal(text.split(mask).join('').includes(secret), false, `${what} appears outside an ::add-mask:: line`);
}

describe('the GitHub Action (action.yml), its steps run in bash against the emulator', () => {
  let world: World;
  let action: ActionFile;
  let work: string;
  let env: NodeJS.ProcessEnv;
  let tarball: string;
  let installed: Record<string, string> | undefined;
  const run = async (inputs: Record<string, string>) => {
    const result = await runAction(action, { package: tarball, ...inputs }, env, world.dir, work, installed);
    installed ??= result.installed;
    return result;
  };

  before(async () => {
    action = parse(await readFile(path.join(ROOT, 'action.yml'), 'utf8')) as ActionFile;
    world = await startWorld();
    work = await mkdtemp(path.join(os.tmpdir(), 'pat-action-'));
    const npmEnv = { PATH: process.env.PATH, HOME: work, npm_config_cache: path.join(work, 'npm-cache') };
    const packed = await promisify(execFile)('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, env: npmEnv });
    tarball = path.join(work, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);
    env = {
      ...cleanEnv(adminEnv(world.emulator, path.join(world.dir, 'home'))),
      RUNNER_TEMP: path.join(work, 'runner-temp'),
      npm_config_cache: path.join(work, 'npm-cache'),
      npm_config_offline: 'true',
      npm_config_update_notifier: 'false',
    };
    const created = await world.pat(['create', '--name', 'action_pat', '--expires-in', '30']);
    assert.equal(created.code, 0, created.stderr);
  });
  after(async () => {
    await rm(work, { recursive: true, force: true });
    await world.close();
  });

  test('action.yml is a composite action with the documented inputs and outputs', () => {
    assert.equal(action.runs.using, 'composite');
    for (const input of ['command', 'config', 'name', 'warn-days', 'fail-on-warning', 'export-env', 'package']) assert.ok(input in action.inputs, input);
    for (const output of ['verdict', 'days-left', 'token-name', 'rotated-token-name', 'verified']) assert.ok(output in action.outputs, output);
  });

  test('status, healthy: the job passes, the summary has a table of tokens and days left, secrets are masked', async () => {
    const secret = String((await world.readConfig()).pat);
    const result = await run({ command: 'status', 'warn-days': '7' });
    assert.equal(result.code, 0, `${result.failedStep}: ${result.stderr}`);
    assert.match(result.summary, /\| config \| token \| user \| verdict \| days left \| expires \|/);
    assert.match(result.summary, /\| `snowflake_config\.json` \| ACTION_PAT \| THERMAL_SVC \| ok \| (29|30) \| \d{4}-\d\d-\d\dT/);
    assert.equal(result.outputs.verdict, 'ok');
    assert.match(result.outputs['days-left'] ?? '', /^(29|30)$/);
    assert.equal(result.outputs['token-name'], 'ACTION_PAT');
    assertMasked(result.stdout, 'admin-password', 'the admin password (SNOWFLAKE_PASSWORD)');
    assertMasked(result.stdout, secret, "the config's PAT");
    assert.equal(result.stderr.includes(secret), false);
  });

  test('status, expiring soon: the gate fails the job; with fail-on-warning false it only warns', async () => {
    const failed = await run({ command: 'status', 'warn-days': '60' });
    assert.notEqual(failed.code, 0);
    assert.equal(failed.failedStep, 'Run pat');
    assert.match(failed.stdout, /^::error::A Snowflake PAT expires within 60 days/m);
    assert.equal(failed.outputs.verdict, 'expiring');
    assert.match(failed.summary, /\| ACTION_PAT \| THERMAL_SVC \| expiring \|/);
    const warned = await run({ command: 'status', 'warn-days': '60', 'fail-on-warning': 'false' });
    assert.equal(warned.code, 0, warned.stderr);
    assert.match(warned.stdout, /^::warning::A Snowflake PAT expires within 60 days/m);
  });

  test('status over two configs: one row each, and the worst verdict (a config without a token) fails the job', async () => {
    const second = path.join(world.dir, 'second_config.json');
    await writeFile(second, JSON.stringify({ ...BASE_CONFIG, url: world.emulator.url }), { mode: 0o600 });
    const result = await run({ command: 'status', config: `snowflake_config.json\n${second}\n`, 'warn-days': '7' });
    assert.notEqual(result.code, 0);
    assert.match(result.summary, /\| `snowflake_config\.json` \| ACTION_PAT \| THERMAL_SVC \| ok \|/);
    assert.match(result.summary, new RegExp(`\\| \`${second.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\` \\| [^|]+ \\| [^|]+ \\| (missing|error) \\|`));
    assert.match(result.outputs.verdict ?? '', /^(missing|error)$/);
  });

  test('rotate with export-env: the new secret is masked, exported through $GITHUB_ENV, written to the config, and summarised', async () => {
    const result = await run({ command: 'rotate', 'export-env': 'SNOWFLAKE_PAT' });
    assert.equal(result.code, 0, `${result.failedStep}: ${result.stdout}\n${result.stderr}`);
    const secret = String((await world.readConfig()).pat);
    assert.equal(result.githubEnv.SNOWFLAKE_PAT, secret);
    assertMasked(result.stdout, secret, 'the new secret');
    assert.equal(result.stderr.includes(secret), false);
    assert.equal(result.summary.includes(secret), false);
    assert.match(result.summary, /\| `snowflake_config\.json` \| ACTION_PAT \| THERMAL_SVC \| the config, \$SNOWFLAKE_PAT \| true \| 24 h \| 0 \|/);
    assert.equal(result.outputs.verdict, 'rotated');
    assert.equal(result.outputs.verified, 'true');
    assert.match(result.outputs['rotated-token-name'] ?? '', /^ACTION_PAT_ROTATED_\d+$/);
  });

  test('an unknown command fails with an error annotation and runs nothing', async () => {
    world.emulator.clearRequests();
    const result = await run({ command: 'frobnicate' });
    assert.notEqual(result.code, 0);
    assert.match(result.stdout, /^::error::snowflake-pat: command must be rotate or status, not 'frobnicate'/m);
    assert.equal(world.emulator.requests.length, 0);
  });
});
