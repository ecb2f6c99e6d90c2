/**
 * The harness's view of the simulator's trace: every recorded event parsed once into the checker's
 * closed union (checker/trace.ts), so a listener narrows by `kind` and reads typed fields instead
 * of casting a kind's data. The simulator stays ignorant of the union; this is the boundary.
 */
import { traceEventOf, type TraceEvent } from '../../checker/trace.js';
import type { RecordedEvent } from '../../sim/trace.js';
import type { World } from '../../sim/world.js';

/**
 * One parse per recorded event, however many listeners read it: a world calls its listeners one
 * after another with the same event, so remembering the last one parsed is enough (a WeakMap of
 * every event cost about as much as the parse). An event recorded by a listener while another is
 * being delivered only costs a second parse.
 */
let lastRaw: RecordedEvent | null = null;
let lastTyped: TraceEvent | null = null;

/** The recorded event as a member of the union. */
export function typedEvent(raw: RecordedEvent): TraceEvent {
  if (raw === lastRaw) return lastTyped as TraceEvent;
  const typed = traceEventOf(raw);
  lastRaw = raw;
  lastTyped = typed;
  return typed;
}

/** Calls `listener` with every protocol and fault event of `world`, typed. */
export function onTraceEvent(world: World, listener: (event: TraceEvent) => void): void {
  world.trace.listen((raw) => listener(typedEvent(raw)));
}

/** The events `world` kept, typed (what a run's outcome carries to `trace.jsonl` and the report). */
export function keptEvents(world: World): TraceEvent[] {
  return world.trace.events.map(typedEvent);
}
