/** Raft safety monitors: election safety, leader append-only, log matching, leader
 * completeness, state-machine safety and no acknowledged write lost. */
export { RaftMonitor, checkRaftEvents, type RaftMonitorOptions } from './monitor.js';
export type { AckedWrite, EntryRef, RaftEvent, RaftObservation, RaftProperty } from './observations.js';
