#!/usr/bin/env node
// snowflake-pat-emulator [--port N] [--host H] [--seed FILE] [--pangolin]: runs an emulator in the foreground until
// Ctrl-C and prints how to connect. The Snowflake one runs on the real clock (move it with
// SYSTEM$EMULATOR_ADVANCE_CLOCK or POST /emulator/clock).
import { parseArgs } from 'node:util';
import { describeForUser, loadSeedFile, startEmulator, thermalSeed } from './index.js';
import { describePangolinForUser, startPangolinEmulator } from './pangolin/index.js';

const USAGE = 'usage: snowflake-pat-emulator [--port N] [--host 127.0.0.1] [--seed FILE] [--pangolin]';

async function main(argv: string[]): Promise<number> {
  let values: { port?: string; host?: string; seed?: string; pangolin?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { port: { type: 'string' }, host: { type: 'string' }, seed: { type: 'string' }, pangolin: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port: expected an integer 0-65535, got "${values.port}"\n`);
    return 2;
  }
  const host = values.host ?? '127.0.0.1';
  let close: () => Promise<void>;
  if (values.pangolin) {
    if (values.seed !== undefined) {
      process.stderr.write('--seed applies to the Snowflake emulator only\n');
      return 2;
    }
    const em = await startPangolinEmulator({ port, host });
    process.stdout.write(`${describePangolinForUser(em)}\n`);
    close = () => em.close();
  } else {
    const seed = values.seed !== undefined ? await loadSeedFile(values.seed) : thermalSeed();
    const emu = await startEmulator({ port, host, seed });
    process.stdout.write(`${describeForUser(emu)}\n`);
    close = () => emu.close();
  }
  process.stderr.write('Press Ctrl-C to stop.\n');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  },
);
