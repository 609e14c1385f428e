/**
 * The command table: every verb, in the order of `pat --help` (the lifecycle first, then upkeep, then tools), and
 * how to register it. main.ts registers only the verb on the command line; `pat --help`, `pat help`, completion
 * scripts and anything it cannot place register them all.
 *
 * The command modules themselves are light (flags, help, options) and imported here statically, so the bundle keeps
 * them in one chunk: measured, a chunk per command made `pat --help` 1.78× `node -e ''` instead of 1.44× (14 more
 * files to read). What is heavy — each token system's verbs, the driver, zod, yaml, the fleet, the emulator — is
 * loaded by dynamic import when a verb runs.
 */
import type { Command } from 'commander';
import type { Runner } from './command.js';
import { registerCreate } from './create.js';
import { registerRotate } from './rotate.js';
import { registerList } from './list.js';
import { registerRevoke } from './revoke.js';
import { registerTestConnection } from './test-connection.js';
import { registerStatus } from './status.js';
import { registerModifyCommands } from './modify.js';
import { registerPlan } from './plan.js';
import { registerApply } from './apply.js';
import { registerAudit } from './audit.js';
import { registerDoctor } from './doctor.js';
import { registerCompletion } from './completion.js';
import { registerEmulator } from './emulator.js';
import { registerDemo } from './demo.js';

type Register = (program: Command, run: Runner) => void;

export interface CommandEntry {
  /** The verbs the module registers. */
  names: string[];
  register: Register;
}

export const COMMANDS: CommandEntry[] = [
  { names: ['create'], register: registerCreate },
  { names: ['rotate'], register: registerRotate },
  { names: ['list'], register: registerList },
  { names: ['revoke'], register: registerRevoke },
  { names: ['test-connection'], register: registerTestConnection },
  { names: ['status'], register: registerStatus },
  { names: ['disable', 'enable', 'rename', 'comment'], register: registerModifyCommands },
  { names: ['plan'], register: registerPlan },
  { names: ['apply'], register: registerApply },
  { names: ['usage', 'inventory'], register: registerAudit },
  { names: ['doctor'], register: registerDoctor },
  { names: ['completion'], register: registerCompletion },
  { names: ['emulator'], register: registerEmulator },
  { names: ['demo'], register: registerDemo },
];

/** Global options that take a value (main.ts defines them): their value is not the verb. */
const GLOBAL_WITH_VALUE = new Set(['--config', '-c', '--connection', '--provider', '--pyiceberg-config', '--timeout']);

/** The verb on the command line: the first word that is neither a global option nor its value. */
export function verbOf(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return args[i + 1];
    if (!arg.startsWith('-')) return arg;
    if (GLOBAL_WITH_VALUE.has(arg)) i++;
  }
  return undefined;
}

/** The entries to load for these arguments: the verb's own, or all (help, completion, no or unknown verb). */
export function commandsFor(args: string[]): CommandEntry[] {
  const verb = verbOf(args);
  if (verb === 'completion') return COMMANDS;
  const own = COMMANDS.find((entry) => verb !== undefined && entry.names.includes(verb));
  return own ? [own] : COMMANDS;
}
