/**
 * Preloaded with `node --import` into a measured `lockstep` process: when the process exits it
 * writes its CPU time (user + sys, all threads) and peak RSS to the file named by
 * LOCKSTEP_USAGE_FILE, so the benchmark can time a whole command, startup included.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.LOCKSTEP_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMb: usage.maxRSS / 1024 }));
  });
}
