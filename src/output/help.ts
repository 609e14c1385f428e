/**
 * One help style for every command, applied once in main.ts after the commands registered themselves:
 * commander's layout wrapped to the terminal (80 columns when piped), then each command's own text (what it gave
 * to addHelpText('after', …)) normalised: "Example:" / "Example (why):" headings become one "Examples:" heading
 * with the reason as a `# why` line, prose paragraphs are re-wrapped to the width, indented lines (commands to
 * copy) are never wrapped, and a command that brought no example gets one from EXAMPLES below.
 * Light: loaded by `pat --help`.
 */
import type { EventEmitter } from 'node:events';
import type { Command } from 'commander';

/** Below this many columns for an option's description, commander would stop wrapping it (its default is 40). */
export const MIN_WIDTH_TO_WRAP = 24;

/** Examples for commands whose module brings none. */
const EXAMPLES: Record<string, string[]> = {
  pat: [
    'pat create --name thermal_pat --expires-in 90',
    'pat status --warn-days 14 || echo "rotate soon"',
    'pat rotate --expire-old-after-hours 2',
    'pat list --json',
    'pat demo                # the whole lifecycle against a built-in emulator',
  ],
  demo: ['pat demo'],
};

/** The width help is laid out for: the terminal's columns, or 80 when stdout is not a terminal. */
export function helpWidth(stdout: { isTTY?: boolean; columns?: number }): number {
  return stdout.isTTY && stdout.columns && stdout.columns > 0 ? stdout.columns : 80;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

const EXAMPLE_HEADING = /^Examples?(?:\s*\((.*)\))?:\s*$/;

/**
 * A command's after-help text in the house style: every heading that introduces indented lines (commands to copy)
 * joins one "Examples:" block — "Example (why):" as `# why`, "Pangolin:" as `# Pangolin` —; prose is re-wrapped.
 */
export function normaliseAfterHelp(text: string, name: string, width: number): string {
  const out: string[] = [];
  let paragraph: string[] = [];
  let hasExamples = false;
  const flush = () => {
    if (paragraph.length > 0) out.push(...wrap(paragraph.join(' '), width));
    paragraph = [];
  };
  const lines = text.replace(/\s+$/, '').split('\n');
  lines.forEach((line, i) => {
    const introducesExamples = line.endsWith(':') && !/^\s/.test(line) && /^\s+\S/.test(lines[i + 1] ?? '');
    if (introducesExamples) {
      flush();
      const why = EXAMPLE_HEADING.exec(line)?.[1] ?? (EXAMPLE_HEADING.test(line) ? undefined : line.slice(0, -1));
      if (!hasExamples) {
        while (out.length > 0 && out[out.length - 1] === '') out.pop();
        out.push('', 'Examples:');
      } else if (out[out.length - 1] !== '') out.push('');
      hasExamples = true;
      if (why) out.push(`  # ${why}`);
    } else if (line.trim() === '') {
      flush();
      if (out[out.length - 1] !== '') out.push('');
    } else if (/^\s/.test(line) && paragraph.length > 0) {
      paragraph.push(line.trim()); // an indented continuation of prose, not a command
    } else if (/^\s/.test(line) || line.endsWith(':')) {
      flush();
      out.push(line.trimEnd());
    } else paragraph.push(line);
  });
  flush();
  const fallback = EXAMPLES[name];
  if (!hasExamples && fallback) out.push('', 'Examples:', ...fallback.map((example) => `  ${example}`));
  while (out[0] === '') out.shift();
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.length > 0 ? `\n${out.join('\n')}` : '';
}

function commandsOf(command: Command): Command[] {
  return [command, ...command.commands.flatMap(commandsOf)];
}

/**
 * Re-renders every command's after-help text in the house style. Commander keeps that text as 'afterHelp'
 * listeners; each is run once here against a recorder, then replaced by the normalised text.
 */
export function applyHelpStyle(program: Command, width: number): void {
  for (const command of commandsOf(program)) {
    let text = '';
    const events = command as unknown as EventEmitter;
    for (const listener of events.listeners('afterHelp')) {
      (listener as (context: { error: boolean; command: Command; write: (s: string) => void }) => void)({
        error: false,
        command,
        write: (s) => (text += s),
      });
    }
    events.removeAllListeners('afterHelp');
    const styled = normaliseAfterHelp(text, command.name(), width);
    if (styled !== '') command.addHelpText('after', styled);
  }
}
