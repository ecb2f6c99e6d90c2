/** Schedule files the command writes: the schedule as data, with a description that tells its story. */
import { scheduleToJson, type Schedule } from '../nemesis/schedule.js';
import { reproCommand } from './run-files.js';
import { scheduleStory } from './schedule-story.js';

export interface ScheduleOrigin {
  scenario: string;
  design: string;
  seed: number;
  /** Where the file is written, for the replay command in its description. */
  file: string;
}

/** A seed's own schedule, saved to be read, edited and replayed (`run --save-schedule`). */
export function savedScheduleText(schedule: Schedule, origin: ScheduleOrigin): string {
  const description = `The fault schedule of ${origin.scenario} seed ${origin.seed} (${schedule.faults.length} faults). ${scheduleStory(schedule)} Replay: ${reproCommand(origin.scenario, origin.design, origin.seed, origin.file)}`;
  return scheduleToJson({ ...schedule, description });
}
