/**
 * The lock library as the workloads use it: what an application can ask of a lock service and of
 * the resource the locks protect. The contract lives in core/client/api.ts (core may not import
 * from scenarios), and every design of the catalogue implements it.
 */
export type * from '../../core/client/api.js';
