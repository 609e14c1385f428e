/**
 * Terminal IO handed to every command, so tests can capture it and so that every write is redacted.
 */
import { createColours, type Colours } from './colours.js';
import { Redactor } from './redact.js';

export interface Io {
  /** A line (or block) for stdout. Secrets are masked unless `reveal` names the one the user asked for. */
  out(text: string, reveal?: string): void;
  /** A line for stderr: progress, warnings, errors. Always redacted. */
  err(text: string): void;
  /** Verbose log line (stderr, only with --verbose). Always redacted. */
  verbose(text: string): void;
  /** Register a secret as soon as it is received. */
  protect(secret: string | undefined | null): void;
  /** Colours for stdout and stderr, off when not a TTY or when NO_COLOR is set. */
  readonly colour: Colours;
  readonly errColour: Colours;
  readonly stdinIsTTY: boolean;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly terminalWidth: number | undefined;
  /** Ask a yes/no question on a TTY; resolves false on anything but y/yes. */
  confirm(question: string): Promise<boolean>;
}

interface Stream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** 0 (no colour) unless the stream is a TTY or FORCE_COLOR asks; NO_COLOR always wins (no-color.org). */
export function colourLevel(env: NodeJS.ProcessEnv, isTTY: boolean): 0 | 1 | 2 | 3 {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const forced = env.FORCE_COLOR;
  if (forced !== undefined) {
    if (forced === '' || forced === 'true') return 1;
    if (forced === 'false') return 0;
    const level = Number.parseInt(forced, 10);
    return (Number.isNaN(level) ? 1 : Math.max(0, Math.min(level, 3))) as 0 | 1 | 2 | 3;
  }
  return isTTY ? 2 : 0;
}

export function createIo(options: {
  stdout: Stream;
  stderr: Stream;
  stdinIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  verbose: boolean;
  readLine?: (question: string) => Promise<string>;
}): Io {
  const redactor = new Redactor();
  const { stdout, stderr } = options;
  const line = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
  return {
    out: (text, reveal) => void stdout.write(line(redactor.redact(text, reveal))),
    err: (text) => void stderr.write(line(redactor.redact(text))),
    verbose: (text) => {
      if (options.verbose) stderr.write(line(redactor.redact(`[pat] ${text}`)));
    },
    protect: (secret) => redactor.protect(secret),
    colour: createColours(colourLevel(options.env, Boolean(stdout.isTTY))),
    errColour: createColours(colourLevel(options.env, Boolean(stderr.isTTY))),
    stdinIsTTY: options.stdinIsTTY,
    stdoutIsTTY: Boolean(stdout.isTTY),
    stderrIsTTY: Boolean(stderr.isTTY),
    terminalWidth: stdout.isTTY ? stdout.columns : undefined,
    async confirm(question) {
      if (!options.readLine) return false;
      const answer = await options.readLine(redactor.redact(question));
      return /^\s*y(es)?\s*$/i.test(answer);
    },
  };
}
