/** A user sweep's worker thread (the same piscina pool as the built-in sweep's): one seed per task. */
import { runSeed, type SeedResult, type SeedTask } from './seed-run.js';

export default function work(task: SeedTask): Promise<SeedResult> {
  return runSeed(task);
}
