/**
 * The checker's entry points. Everything here is a pure function of data (a history, a run
 * record), so a history from a lockstep run and one from a Jepsen `history.edn` check alike.
 */
export type * from './history.js';
export type { TraceEvent } from './trace.js';
export * from './io/index.js';
export * from './validators/index.js';
export * from './lin/index.js';
