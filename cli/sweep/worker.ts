/** A sweep worker thread: runs the tasks the pool hands it. */
import { runTask } from './run-task.js';
import type { SweepResultLine, SweepTask } from './types.js';

export default function work(input: { task: SweepTask; outRoot: string }): SweepResultLine {
  return runTask(input.task, input.outRoot);
}
