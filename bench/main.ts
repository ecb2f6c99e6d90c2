/**
 * `npm run bench`: the performance figures the issues ask for. Each benchmark prints its own
 * lines; the numbers are measurements, not pass/fail tests.
 */
import { benchClusters } from './cluster.js';
import { runLinBench } from './lin.js';
import { benchBareAgenda, benchEventLoop, formatLoopFigures } from './sim-loop.js';

async function main(): Promise<void> {
  const which = new Set(process.argv.slice(2));
  const all = which.size === 0;
  if (which.has('porcupine')) which.clear();
  if (all || which.has('loop')) {
    benchBareAgenda(0.05); // warm up the JIT
    console.log(formatLoopFigures('bare agenda (100 actions rescheduling every ~1 us)', benchBareAgenda()));
    benchEventLoop(10, 20);
    console.log(formatLoopFigures('echo protocol (50 pinger/echo pairs, network, disk, trace hash)', benchEventLoop()));
  }
  if (all || which.has('cluster')) for (const line of benchClusters()) console.log(line);
  if (all || which.has('lin')) console.log(await runLinBench());
  // Needs a Porcupine checkout, so it runs only when asked: bench -- porcupine <checkout> [times.tsv]
  if (process.argv[2] === 'porcupine') {
    const { runPorcupineBench } = await import('./porcupine.js');
    console.log(runPorcupineBench(process.argv.slice(3)));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
