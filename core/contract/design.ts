/**
 * How a design registers: its name, the capabilities its clients offer, a table of its knobs
 * (each with its safe value and the unsafe values that reproduce a hazard), and a builder that
 * turns a knob setting and the scenario's parameters into a system under test. The built-in
 * designs (core/designs/*) register exactly as a user's design does.
 */
import type { Capability } from './capabilities.js';
import type { SystemBuilder } from './system.js';

/** A knob's value: a choice, a number, a switch, or a list of names. */
export type KnobValue = string | number | boolean | readonly string[];

/** An unsafe value of a knob and the hazard it reproduces. */
export interface UnsafeChoice<V extends KnobValue = KnobValue> {
  value: V;
  /** The hazard record (by name) this value is the broken side of. */
  hazard: string;
  /** One line: what goes wrong with this value. */
  why: string;
}

/** One design choice, safe by default. */
export interface Knob<V extends KnobValue = KnobValue> {
  name: string;
  /** One line: what the knob decides. */
  description: string;
  /** The value the design runs with unless a setting says otherwise. */
  safe: V;
  /** Values that reproduce a documented hazard. */
  unsafe: readonly UnsafeChoice<V>[];
  /** Other values that are safe too (a different but sound choice). */
  alsoSafe?: readonly V[];
}

/** A design's knobs, in the order its table prints them. */
export type KnobTable = readonly Knob[];

/**
 * A hazard a design has whatever its knobs say: a choice built into it that no knob undoes (an
 * asynchronous store has no synchronous mode). Its table says so instead of offering a safe value
 * the design does not implement; a hazard's unsafe side may then run the design on its defaults.
 */
export interface BuiltInHazard {
  /** What the design does (one phrase: "asynchronous replication"). */
  choice: string;
  /** The hazard record (by name) the design is the broken side of. */
  hazard: string;
  /** One line: what goes wrong. */
  why: string;
}

/** Values for some knobs; every other knob keeps its safe value. */
export type KnobSetting = Readonly<Record<string, KnobValue>>;

/**
 * A design as it registers. `P` is what a scenario must tell it (servers, timing, ...); `B` is
 * what its builder gives: a contract `SystemBuilder` for a design written against the contract
 * (a user's, the unique-index lock), or the harness's own builder for a design that the harness
 * runs in its world directly (the Raft lock service and its sidecars, the async store).
 */
export interface DesignDefinition<P = unknown, C extends Capability = Capability, B = SystemBuilder<C>> {
  /** Unique name ("raft-lock-service", "async-replica", ...). */
  name: string;
  /** One line: what the design is. */
  title: string;
  /** What its clients can do; a hazard that needs more cannot run on it. */
  capabilities: readonly C[];
  knobs: KnobTable;
  /** Hazards the design has on every knob setting (choices no knob changes). */
  builtInHazards?: readonly BuiltInHazard[];
  /** Builds the system with `setting` (checked against the table) for a scenario's parameters. */
  build(setting: KnobSetting, params: P): B;
}

/** A knob setting that the design's table does not allow. */
export class KnobError extends Error {}

function sameValue(a: KnobValue, b: KnobValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether `value` of `knob` is one of its unsafe choices. */
export function isUnsafe(knob: Knob, value: KnobValue): boolean {
  return knob.unsafe.some((u) => sameValue(u.value, value));
}

/**
 * The full setting of `knobs` with `overrides` applied; an unknown knob or a value the table does
 * not list is a `KnobError` naming it.
 */
export function resolveKnobs(design: string, knobs: KnobTable, overrides: KnobSetting = {}): Record<string, KnobValue> {
  const resolved: Record<string, KnobValue> = Object.fromEntries(knobs.map((k) => [k.name, k.safe]));
  for (const [name, value] of Object.entries(overrides)) {
    const knob = knobs.find((k) => k.name === name);
    if (!knob) throw new KnobError(`${design} has no knob "${name}" (knobs: ${knobs.map((k) => k.name).join(', ')})`);
    const allowed = [knob.safe, ...(knob.alsoSafe ?? []), ...knob.unsafe.map((u) => u.value)];
    if (!allowed.some((v) => sameValue(v, value))) {
      throw new KnobError(`${design}: knob "${name}" cannot be ${JSON.stringify(value)} (values: ${allowed.map((v) => JSON.stringify(v)).join(', ')})`);
    }
    resolved[name] = value;
  }
  return resolved;
}

/** Only the knobs of `setting` that differ from their safe values. */
export function changedKnobs(knobs: KnobTable, setting: KnobSetting): Record<string, KnobValue> {
  return Object.fromEntries(
    Object.entries(setting).filter(([name, value]) => {
      const knob = knobs.find((k) => k.name === name);
      return knob === undefined || !sameValue(knob.safe, value);
    }),
  );
}

/** Registered designs by name: the built-in ones and a user's, side by side. */
export class DesignRegistry<B = SystemBuilder> {
  private readonly designs = new Map<string, DesignDefinition<never, Capability, B>>();

  /** Adds a design; a second design of the same name is an error. */
  register<P, C extends Capability>(design: DesignDefinition<P, C, B>): DesignDefinition<P, C, B> {
    if (this.designs.has(design.name)) throw new KnobError(`design "${design.name}" is registered twice`);
    const names = new Set<string>();
    for (const knob of design.knobs) {
      if (names.has(knob.name)) throw new KnobError(`${design.name}: knob "${knob.name}" appears twice`);
      names.add(knob.name);
    }
    this.designs.set(design.name, design as unknown as DesignDefinition<never, Capability, B>);
    return design;
  }

  /** The design named `name`, or undefined. */
  find(name: string): DesignDefinition<never, Capability, B> | undefined {
    return this.designs.get(name);
  }

  /** Every design, in registration order. */
  list(): readonly DesignDefinition<never, Capability, B>[] {
    return [...this.designs.values()];
  }
}
