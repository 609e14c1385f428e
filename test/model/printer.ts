/**
 * Prints a (shrunk) failing sequence as a shell script a person can replay by hand against `pat emulator`:
 * one `pat` command per line, run in its config's folder; clock moves and the broken invariant as comments.
 */
import { commandOf, CONFIG_USERS, type Step } from './model.js';

function quote(arg: string): string {
  return /^[A-Za-z0-9_./=:-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function duration(ms: number): string {
  return ms % 86_400_000 === 0 ? `${ms / 86_400_000} day(s)` : `${ms / 3_600_000} hour(s)`;
}

/** One line per step: `(cd A && pat …)`, or a comment for a clock move. */
export function scriptLines(steps: Step[]): string[] {
  return steps.map((step) => {
    if (step.kind === 'advance') return `# advance the emulator clock by ${duration(step.ms)}`;
    const { args, env } = commandOf(step);
    const vars = Object.entries(env).map(([k, v]) => `${k}=${quote(v)} `).join('');
    return `(cd ${step.config} && ${vars}pat ${args.map(quote).join(' ')})`;
  });
}

export function replayScript(steps: Step[], violations: string[] = [], extra: string[] = []): string {
  const header = [
    '# Replay: start `pat emulator` with the model seed (test/model/system.ts modelSeed: thermal world + SENSOR_SVC),',
    '# export its SNOWFLAKE_* admin variables, and make folders A, B (user THERMAL_SVC) and C (user SENSOR_SVC), each',
    `# holding a snowflake_config.json without a token (${Object.entries(CONFIG_USERS).map(([c, u]) => `${c}=${u}`).join(', ')}).`,
    ...extra.map((line) => `# ${line}`),
  ];
  const broken = violations.map((v) => `#   ${v}`);
  return [...header, ...scriptLines(steps), ...(broken.length ? ['# broken after the last command:', ...broken] : [])].join('\n');
}
