/**
 * The harness's view of the simulator's trace: every recorded event parsed once into the checker's
 * closed union (checker/trace.ts), so a listener narrows by `kind` and reads typed fields instead
 * of casting a kind's data. The simulator stays ignorant of the union; this is the boundary.
 */
import { traceEventOf, type TraceEvent } from '../../checker/trace.js';
import type { RecordedEvent } from '../../sim/trace.js';
import type { World } from '../../sim/world.js';

/** One parse per recorded event, however many listeners read it. */
const parsed = new WeakMap<RecordedEvent, TraceEvent>();

/** The recorded event as a member of the union (parsed once, then remembered). */
export function typedEvent(raw: RecordedEvent): TraceEvent {
  let e = parsed.get(raw);
  if (e === undefined) {
    e = traceEventOf(raw);
    parsed.set(raw, e);
  }
  return e;
}

/** Calls `listener` with every protocol and fault event of `world`, typed. */
export function onTraceEvent(world: World, listener: (event: TraceEvent) => void): void {
  world.trace.listen((raw) => listener(typedEvent(raw)));
}

/** The events `world` kept, typed (what a run's outcome carries to `trace.jsonl` and the report). */
export function keptEvents(world: World): TraceEvent[] {
  return world.trace.events.map(typedEvent);
}
