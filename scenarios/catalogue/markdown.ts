/**
 * docs/hazards.md, generated from the hazard records and the designs' knob tables
 * (`lockstep list --markdown`). A test fails when the file in the repository is not what this
 * prints, so the catalogue's documentation cannot drift from the records the runner interprets.
 */
import type { KnobTable, KnobValue } from '../../core/contract/design.js';
import { BUILT_IN_HAZARDS, BUILT_IN_KNOBS } from '../../core/designs/registry.js';
import { HAZARDS } from './index.js';
import type { CatalogueHazard } from './record.js';

const INTRO = `# The hazard catalogue

Every hazard below is a record in \`scenarios/catalogue/\` (one file a hazard): what goes wrong,
where it has been written about, the faults that show it, the workload and validators that judge
it, and its sides: a registered design with a knob setting, one side that breaks and one or more
that do not. One runner interprets the records (\`scenarios/catalogue/runner.ts\`); this page is
printed from them by \`lockstep list --markdown\` and a test fails when it is stale.

A side's knobs name only what differs from the design's safe values (tables at the end). A design
may also have a hazard that no knob removes (said under its table); its unsafe side then runs
with every knob safe. Besides the faults a record names, every run's nemesis pauses any process
now and then (a server, a client or the resource; one fault in five on a record that does not
name pauses), so that a safe side is safe through a frozen process wherever it is. An unsafe side must be caught with one of its expected violation kinds on
at least one seed of the catch range; a safe side must be clean on every seed. A story is a
scripted fault schedule that shows the hazard on the seed given; \`lockstep run <name> --schedule <file> --seed <n>\` replays it.

Violation kinds: ME-belief (two clients believed they held a lock at once), ME-effect (the
resource took writes from two holders at once), LW (a lost write), FM (fencing tokens out of
order), LV (liveness: a lock not served within the bound), LIN (not linearizable), DIV (replicas
that disagree), RAFT (a Raft invariant broken).

## Where the hazards come from

Code comments and records cite five field reports by number ("seed 000" … "seed 004"). They are
not part of this repository; what each contributed is:

- **seed 000**: a pull-request discussion about adding a ZooKeeper-backed lock to a sidecar's lock
  API (try-lock with an expiry, unlock by owner). It weighs one session per try-lock with the
  session timeout as the expiry ("scheme a") against one shared session plus a scheduled delete
  ("scheme c"), and records two holders under network jitter and a lock file that lives for ever
  when the scheduled delete fails.
- **seed 001**: the description of a Raft-based, Chubby-like lock service: a namespace of files,
  read/write locks, sequencer tokens with a check call, get/put and compare-and-swap, a fast
  non-linearizable read, fsync policies, log compaction, and its admitted gaps (no membership
  change, herd effect on release, no sessions or keep-alive, a lease that ignores delay and skew).
- **seed 002**: notes from running ZooKeeper ensembles and building locks on them and on databases:
  quorum loss in 2- and 5-node experiments with static membership, fencing tokens, row locks and
  unique-index locks.
- **seed 003**: notes on the Curator client library: ZooKeeper's ordering guarantees, the
  connection states and why SUSPENDED must count as loss, the session-timeout rules, its recipes
  and the pitfalls seen in production.
- **seed 004**: a safety review of that lock service, tracing every problem to time: acquire
  timeouts under one-way delay and skew, GC pauses, tokens checked after the fact, and client
  order against linearizability.
`;

function code(items: readonly string[]): string {
  return items.length === 0 ? 'none' : items.map((i) => `\`${i}\``).join(', ');
}

function value(v: KnobValue): string {
  return `\`${JSON.stringify(v)}\``;
}

function knobs(h: CatalogueHazard, design: string, setting: Readonly<Record<string, KnobValue>>): string {
  const entries = Object.entries(setting);
  const builtIn = (BUILT_IN_HAZARDS.get(design) ?? []).filter((b) => b.hazard === h.name).map((b) => `; ${b.choice}, built in`);
  return entries.length === 0 ? `safe values${builtIn.join('')}` : entries.map(([k, v]) => `\`${k}\` = ${value(v)}`).join(', ');
}

function bias(h: CatalogueHazard): string {
  const entries = Object.entries(h.bias);
  return entries.length === 0 ? 'even' : entries.map(([k, w]) => `\`${k}\` ×${w}`).join(', ');
}

function hazardSection(h: CatalogueHazard): string {
  const lines = [
    `## ${h.case}. \`${h.name}\``,
    '',
    `${h.title[0]!.toUpperCase()}${h.title.slice(1)}.`,
    '',
    `- Sources: ${h.sources.join('; ')}.`,
    `- Needs: ${code(h.needs)}.`,
    `- Faults: ${code(h.faults)}; bias: ${bias(h)}.`,
    `- Workload: \`${h.workload}\`; validators: ${code(h.validators)}.`,
    `- Liveness bound: ${h.livenessBound}.`,
    `- Caught within seeds ${h.catchWithin.from}..${h.catchWithin.to}.`,
    ...(h.story ? [`- Story: \`${h.story.file}\`, seed ${h.story.seed}: side \`${h.story.side}\` shows ${code(h.story.shows)}.`] : []),
    '',
    '| side | kind | design | knobs | expected | what it does |',
    '| --- | --- | --- | --- | --- | --- |',
    ...h.sides.map(
      (s) => `| \`${s.name}\` | ${s.kind} | \`${s.design}\` | ${knobs(h, s.design, s.knobs)} | ${s.kind === 'unsafe' ? code(s.expect ?? []) : 'clean'} | ${s.description.replace(/\|/g, '\\|')} |`,
    ),
  ];
  return lines.join('\n');
}

function knobTable(name: string, table: KnobTable): string {
  return [
    `### \`${name}\``,
    '',
    '| knob | what it decides | safe | unsafe values (hazard) |',
    '| --- | --- | --- | --- |',
    ...table.map((k) => {
      const safe = [k.safe, ...(k.alsoSafe ?? [])].map(value).join(', ');
      const unsafe = k.unsafe.length === 0 ? '' : k.unsafe.map((u) => `${value(u.value)} (\`${u.hazard}\`)`).join(', ');
      return `| \`${k.name}\` | ${k.description} | ${safe} | ${unsafe} |`;
    }),
    ...(BUILT_IN_HAZARDS.get(name) ?? []).flatMap((h) => ['', `Not a knob: ${h.choice} (\`${h.hazard}\`): ${h.why}. No setting of this design removes it.`]),
  ].join('\n');
}

/** The whole of docs/hazards.md. */
export function hazardsMarkdown(): string {
  const parts = [INTRO, ...HAZARDS.map(hazardSection), '## Designs and their knobs', ...[...BUILT_IN_KNOBS].map(([n, t]) => knobTable(n, t))];
  return parts.join('\n\n') + '\n';
}
