/** Raft, sans-IO: the public surface for the node host. */
export { RawNode, type Ready, type Status } from './raw-node.js';
export type { ProposeResult, RequestResult, Refused, Refusal, ProgressView } from './raft.js';
export { MemoryStorage, type RaftStorage } from './storage.js';
export { estimateSize, type RaftOptions, type ReadOnlyMode, type CommitRule } from './config.js';
export { applyConfChange, confChangeError, isConfChange } from './conf-change.js';
export type * from './messages.js';
export type * from './types.js';
