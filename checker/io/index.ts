/** Histories in and out: JSONL, Jepsen EDN, pairing and the well-formedness check. */
export { HistoryFormatError, type HistoryErrorPlace } from './errors.js';
export { parseHistoryJsonl, formatHistoryJsonl, type JsonlOptions } from './jsonl.js';
export { parseHistoryEdn, formatHistoryEdn, type EdnReadOptions, type EdnWriteOptions } from './edn.js';
export { parseHistory, detectHistoryFormat, type HistoryFormat, type ReadHistoryOptions } from './read-history.js';
export { pairOps, type OpPair } from './pairs.js';
export { historyProblems, assertWellFormed, type HistoryProblem } from './well-formed.js';
