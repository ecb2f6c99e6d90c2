/**
 * Several workloads side by side on disjoint groups of clients ("c1–c3 take the file lock, c4–c6
 * use TTL locks"), so one run exercises every path a design choice touches. Each group runs its
 * own generator at the same time as the others, each client runs its own group's program, and the
 * linearizability checks are the groups' own (their ops must not share function names).
 */
import type { TrueTimeNs } from '../../../checker/history.js';
import { onClients } from '../../workloads/combinators.js';
import { earliest, GeneratorError, pending, type GenContext, type GenEvent, type Generator, type GenStep } from '../../workloads/generator.js';
import type { ModelCheck, Workload } from '../../workloads/workload.js';

export interface WorkloadGroup {
  clients: readonly string[];
  workload: Workload;
}

/** Runs every generator at once: the first op any of them has now, else the earliest wake-up. */
class Together implements Generator {
  constructor(private readonly gens: ReadonlyArray<Generator | null>) {}

  op(ctx: GenContext): GenStep {
    // Most asks change no group's generator (a group waiting answers "pending" as itself), so the
    // list is copied only on the first change, and an unchanged Together answers as itself.
    let gens: Array<Generator | null> | null = null;
    const change = (i: number, g: Generator | null): void => {
      gens ??= [...this.gens];
      gens[i] = g;
    };
    let wake: TrueTimeNs | null = null;
    let live = false;
    for (let i = 0; i < this.gens.length; i++) {
      const g = this.gens[i];
      if (g === null || g === undefined) continue;
      const step = g.op(ctx);
      if (step === null) {
        change(i, null);
        continue;
      }
      live = true;
      if (step.next !== g) change(i, step.next);
      if (step.kind === 'op') return { kind: 'op', op: step.op, next: this.with(gens) };
      wake = earliest(wake, step.wakeAt);
    }
    return live ? pending(this.with(gens), wake) : null;
  }

  update(ctx: GenContext, event: GenEvent): Generator {
    let changed = false;
    const gens = this.gens.map((g) => {
      const next = g === null ? null : g.update(ctx, event);
      if (next !== g) changed = true;
      return next;
    });
    return changed ? new Together(gens) : this;
  }

  /** This Together with `gens` as its groups' generators (itself when nothing changed). */
  private with(gens: ReadonlyArray<Generator | null> | null): Together {
    return gens === null ? this : new Together(gens);
  }
}

export function splitWorkload(name: string, groups: readonly WorkloadGroup[]): Workload {
  const owner = new Map<string, Workload>();
  for (const { clients, workload } of groups) {
    for (const id of clients) {
      if (owner.has(id)) throw new GeneratorError(`${name}: client ${id} is in two groups`);
      owner.set(id, workload);
    }
  }
  const checks: ModelCheck[] = groups.flatMap((g) => g.workload.checks);
  const checkedBy = new Map<string, string>();
  for (const { workload } of groups) {
    for (const f of new Set(workload.checks.flatMap((c) => c.fs))) {
      const other = checkedBy.get(f);
      if (other !== undefined) throw new GeneratorError(`${name}: ${other} and ${workload.name} both check ops "${f}"`);
      checkedBy.set(f, workload.name);
    }
  }
  return {
    name,
    generator: new Together(groups.map((g) => onClients(g.clients, g.workload.generator))),
    client: (setup) => {
      const workload = owner.get(setup.id);
      if (workload === undefined) throw new GeneratorError(`${name}: client ${setup.id} belongs to no group`);
      return workload.client(setup);
    },
    checks,
  };
}
