/**
 * How `pat status` reports, for either provider: the JSON report on stdout (with the reason on stderr when it is
 * not healthy), or one marked line (✓ healthy, ! expiring soon, ✗ anything else).
 */
import { ExitCode } from '../errors.js';
import type { Io } from './io.js';

export function printStatus(io: Io, json: boolean, report: unknown, code: number, line: string): void {
  if (json) {
    io.out(JSON.stringify(report, null, 2));
    if (code !== ExitCode.ok) io.err(line);
    return;
  }
  const mark = code === ExitCode.ok ? io.colour.green('✓') : code === ExitCode.expiringSoon ? io.colour.yellow('!') : io.colour.red('✗');
  io.out(`${mark} ${line}`);
}
