/**
 * A violation in plain words: which operation could not take effect, what state every
 * real-time-respecting order leaves the object in at that point, and which completed operations
 * force it.
 */
import type { Model, SearchModel } from '../model.js';
import type { Budget } from '../search/budget.js';
import { precedes, type LinOp } from '../operation.js';
import { showTime } from '../values.js';
import type { FailingCore } from './core.js';
import { statesBefore } from './states-before.js';

export interface Words {
  text: string;
  /** The op the text blames (the victim, or another core op that explains better). */
  blamed: LinOp;
  /** The states the text says the object must be in when `blamed` takes effect (empty if none). */
  statesThere: string[];
}

export function explainInWords<S>(
  model: Model<S>,
  searchModel: SearchModel<unknown>,
  key: string | null,
  found: FailingCore,
  longestPrefix: number,
  partOps: number,
  budget: Budget,
): Words {
  const { core, victim } = found;
  const where = key === null ? '' : `On ${key}: `;
  const tail = closing(model, key, found, longestPrefix, partOps);
  // Blame the op whose completion made the anomaly visible, unless another core op explains better.
  // Each try walks every order of the failing prefix, so only the victim and the two core ops that
  // returned last are tried.
  const candidates = [victim, ...core.filter((o) => o !== victim).sort((a, b) => b.retPos - a.retPos).slice(0, 2)];
  for (const v of candidates) {
    // The states come from the whole failing prefix, not the core alone: the core says which ops
    // conflict, but the object's state at that point depends on everything before it.
    const states = statesBefore(model, searchModel, found, v, budget, v === victim && found.atVictim !== null ? found.atVictim : found.from);
    if (states === null) break;
    if (states.length === 0) continue;
    if (states.some((s) => model.step(s, v).length > 0)) continue;
    const shown = [...new Set(states.map((s) => model.describeState(s, key)))];
    const text =
      `${where}${ref(model, v)}, invoked at ${showTime(v.call)} and returned at ${showTime(v.ret)}, cannot be placed: ` +
      `every order that respects real time has ${oneOf(shown)} at that point, ${because(model, found, v)}. ${tail}`;
    return { text, blamed: v, statesThere: shown };
  }
  const list = core.map((o) => `${ref(model, o)} from ${showTime(o.call)} to ${showTime(o.ret)}`).join('; ');
  const text = `${where}these ${core.length} operations cannot be put in any order that respects both real time and the ${model.name} rules: ${list}. ${tail}`;
  return { text, blamed: victim, statesThere: [] };
}

/** The completed ops that force the state at `v`: those of the core, else the latest writers. */
function because<S>(model: Model<S>, found: FailingCore, v: LinOp): string {
  const { core, prefix } = found;
  let before = core.filter((o) => o !== v && precedes(o, v));
  if (before.length === 0) {
    // The core alone conflicts (say, a read of a value nobody wrote); the state still comes from
    // the ops before it, so name the latest one that could change it.
    before = prefix.filter((o) => o.known && precedes(o, v) && !model.readOnly(o)).sort((a, b) => a.retPos - b.retPos).slice(-1);
  }
  before.sort((a, b) => a.retPos - b.retPos);
  const overlapping = core.filter((o) => o !== v && !precedes(o, v) && !precedes(v, o));
  const parts: string[] = [];
  if (before.length > 0) {
    parts.push(
      'because ' +
        before.map((o) => `${ref(model, o)} completed at ${showTime(o.ret)}`).join(', and ') +
        `, before op ${v.invokeIndex} began`,
    );
  }
  if (overlapping.length > 0) {
    const lead = before.length > 0 ? 'while ' : 'even though ';
    parts.push(
      lead +
        overlapping.map((o) => `${ref(model, o)} (${showTime(o.call)} to ${showTime(o.ret)})`).join(' and ') +
        (overlapping.length === 1 ? ' overlapped it and may go either side of it' : ' overlapped it and may go in any order around it'),
    );
  }
  if (parts.length === 0) parts.push('starting from the initial state');
  return parts.join(', ');
}

function closing<S>(model: Model<S>, key: string | null, found: FailingCore, longestPrefix: number, partOps: number): string {
  const of = key === null ? 'the history' : `${key}'s history`;
  const n = found.core.length;
  const upTo = `${of} up to ${showTime(found.victim.ret)}`;
  const context =
    found.context.length === 0
      ? ''
      : ` (This set was chosen among the ${found.candidates} operations nearest op ${found.victim.invokeIndex}, taking the ${found.context.length} earlier ones as they happened; ` +
        (found.failsAlone ? 'it cannot be ordered even on its own.)' : 'on its own it could be ordered, so the earlier history is part of the conflict.)');
  const minimality = !found.minimal
    ? `These ${n} operations cannot be ordered (the budget ran out before the set was shown to be minimal).`
    : n === 1
      ? `Even if every other operation had not taken effect, this one could not be placed in ${upTo}.`
      : `If any one of these ${n} operations (ops ${found.core.map((o) => o.invokeIndex).join(', ')}) had not taken effect, ${upTo} could be ordered.`;
  return `${minimality}${context} The longest linearizable prefix found orders ${longestPrefix} of ${partOps} operations.`;
}

function ref<S>(model: Model<S>, o: LinOp): string {
  return `${model.describeOp(o)} (op ${o.invokeIndex}, process ${String(o.process)})`;
}

function oneOf(items: readonly string[]): string {
  if (items.length <= 4) return items.join(' or ');
  return `one of ${items.length} states (${items.slice(0, 3).join(', ')}, ...)`;
}
