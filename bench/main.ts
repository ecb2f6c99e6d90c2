/**
 * `npm run bench`: the performance figures the issues ask for. Each benchmark prints its own
 * lines; the numbers are measurements, not pass/fail tests.
 */
import { benchClusters } from './cluster.js';
import { benchFacade, benchFacadeEcho } from './facade.js';
import { runLinBench } from './lin.js';
import { benchBareAgenda, benchEventLoop, formatLoopFigures } from './sim-loop.js';

async function main(): Promise<void> {
  const which = new Set(process.argv.slice(2));
  const all = which.size === 0;
  if (all || which.has('loop')) {
    benchBareAgenda(0.05); // warm up the JIT
    console.log(formatLoopFigures('bare agenda (100 actions rescheduling every ~1 us)', benchBareAgenda()));
    benchEventLoop(10, 20);
    console.log(formatLoopFigures('echo protocol (50 pinger/echo pairs, network, disk, trace hash)', benchEventLoop()));
  }
  if (all || which.has('cluster')) for (const line of benchClusters()) console.log(line);
  if (all || which.has('lin')) console.log(await runLinBench());
  if (all || which.has('facade')) for (const line of [...benchFacadeEcho(), ...benchFacade()]) console.log(line);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
