/**
 * The command table: every verb, in the order of `pat --help` (the lifecycle first, then upkeep, then tools), and
 * how to load its module. main.ts loads only the module of the verb on the command line; `pat --help`, `pat help`,
 * completion scripts and anything it cannot place load them all.
 */
import type { Command } from 'commander';
import type { Runner } from './command.js';

type Register = (program: Command, run: Runner) => void;

export interface CommandEntry {
  /** The verbs the module registers. */
  names: string[];
  load(): Promise<Register>;
}

export const COMMANDS: CommandEntry[] = [
  { names: ['create'], load: async () => (await import('./create.js')).registerCreate },
  { names: ['rotate'], load: async () => (await import('./rotate.js')).registerRotate },
  { names: ['list'], load: async () => (await import('./list.js')).registerList },
  { names: ['revoke'], load: async () => (await import('./revoke.js')).registerRevoke },
  { names: ['test-connection'], load: async () => (await import('./test-connection.js')).registerTestConnection },
  { names: ['status'], load: async () => (await import('./status.js')).registerStatus },
  { names: ['disable', 'enable', 'rename', 'comment'], load: async () => (await import('./modify.js')).registerModifyCommands },
  { names: ['plan'], load: async () => (await import('./plan.js')).registerPlan },
  { names: ['apply'], load: async () => (await import('./apply.js')).registerApply },
  { names: ['usage', 'inventory'], load: async () => (await import('./audit.js')).registerAudit },
  { names: ['doctor'], load: async () => (await import('./doctor.js')).registerDoctor },
  { names: ['completion'], load: async () => (await import('./completion.js')).registerCompletion },
  { names: ['emulator'], load: async () => (await import('./emulator.js')).registerEmulator },
  { names: ['demo'], load: async () => (await import('./demo.js')).registerDemo },
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
