/** A sweep worker thread: runs the tasks the pool hands it (a first pass, or the replay of a kept run). */
import { keepRun, runTask } from './run-task.js';
import type { SweepResultLine, SweepTask } from './types.js';

export default function work(input: { task: SweepTask; outRoot: string; keep?: SweepResultLine }): SweepResultLine {
  return input.keep ? keepRun(input.task, input.keep, input.outRoot) : runTask(input.task, input.outRoot);
}
