/** The reports: self-contained HTML for one run and for a sweep. Rendering only. */
export { renderRunReport } from './run/render.js';
export { renderSweepReport } from './sweep/render.js';
export type { FailingRun, RunReportInput, RunResult, RunVerdict, SweepExpectation, SweepRow, SweepSummary } from './types.js';
