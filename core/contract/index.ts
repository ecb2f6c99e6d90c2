/**
 * The contract between lockstep and a system under test, in one module: the calls and their
 * answers, the capabilities a client offers, the events a system reports, the processes it runs,
 * how a design registers its knobs, and how a hazard record says what it needs.
 */
export type * from './calls.js';
export * from './capabilities.js';
export * from './events.js';
export * from './follow.js';
export * from './system.js';
export * from './design.js';
export type * from './hazard.js';
