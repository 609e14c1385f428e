/**
 * Loaded with `node --import dist/bench/rss-probe.js …` by the benchmark: on exit, writes the process's peak
 * resident set size (KiB, from getrusage) to the file named by PAT_BENCH_RSS_FILE. No other effect.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.PAT_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    writeFileSync(file, String(process.resourceUsage().maxRSS));
  });
}
