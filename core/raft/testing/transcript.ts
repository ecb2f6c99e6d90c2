/**
 * Transcript tests for Raft, in the spirit of etcd's datadriven `testdata/*.txt`: a file is a
 * list of steps, each a command line, a `----` line, and the output the step must print (every
 * message delivered, every status asked for), ended by a blank line. A change in the message flow
 * shows up as a changed transcript even when the end state is the same.
 *
 * Commands: `cluster voters=n1,n2,n3 [learners=..] [prevote=true|false] [checkquorum=true|false]`,
 * `campaign n1`, `tick n1 [times]`, `tick-all [rounds]`, `propose n1 data`,
 * `conf-change n1 add-voter|add-learner|remove-node n4`, `start n4` (an empty newcomer),
 * `compact n1`, `isolate n3`, `partition n1,n2 n3`, `heal`, `crash n2`, `restart n2`,
 * `stabilize` (deliver until quiet, printing each message delivered), `drop` (printing what it
 * drops), `status`, `log n1`.
 */
import type { Message } from '../messages.js';
import type { RaftOptions } from '../config.js';
import type { ConfChange } from '../types.js';
import { TestCluster } from './cluster.js';

/** One step of a transcript file. */
export interface TranscriptStep {
  line: number;
  command: string;
  expected: string;
}

/** Splits a transcript file into its steps (lines starting with `#` are comments). */
export function parseTranscript(text: string): TranscriptStep[] {
  const lines = text.split('\n');
  const steps: TranscriptStep[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (lines[i + 1]?.trim() !== '----') throw new Error(`line ${i + 1}: "${line}" is not followed by ----`);
    const out: string[] = [];
    let j = i + 2;
    for (; j < lines.length && lines[j]!.trim() !== ''; j++) out.push(lines[j]!);
    steps.push({ line: i + 1, command: line, expected: out.join('\n') });
    i = j;
  }
  return steps;
}

/** One line for a message: who to whom, what, in which term, and the fields that matter. */
export function describeMessage(m: Message): string {
  const head = `${m.from}->${m.to} ${m.type} t${m.term}`;
  switch (m.type) {
    case 'append':
      return `${head} prev=${m.prevIndex}/${m.prevTerm} entries=[${m.entries.map((e) => `${e.index}/${e.term}`).join(' ')}] commit=${m.commit}`;
    case 'append-resp':
      return m.reject ? `${head} reject index=${m.index} hint=${m.hintIndex}/${m.hintTerm}` : `${head} index=${m.index}`;
    case 'vote':
    case 'pre-vote':
      return `${head} last=${m.lastIndex}/${m.lastTerm}${m.transfer ? ' transfer' : ''}`;
    case 'vote-resp':
    case 'pre-vote-resp':
      return `${head} ${m.reject ? 'reject' : 'grant'}`;
    case 'heartbeat':
      return `${head} commit=${m.commit}`;
    case 'snapshot':
      return `${head} snapshot=${m.snapshot.index}/${m.snapshot.term} voters=${m.snapshot.conf.voters.join(',')}`;
    default:
      return head;
  }
}

function args(words: readonly string[]): Record<string, string> {
  return Object.fromEntries(words.filter((w) => w.includes('=')).map((w) => w.split('=', 2) as [string, string]));
}

/** Runs the steps of one transcript, returning what each printed. */
export class TranscriptRunner {
  private cluster: TestCluster | null = null;

  private get c(): TestCluster {
    if (!this.cluster) throw new Error('no cluster yet: start with `cluster voters=...`');
    return this.cluster;
  }

  run(command: string): string {
    const [verb, ...words] = command.split(/\s+/);
    const out: string[] = [];
    switch (verb) {
      case 'cluster': {
        const a = args(words);
        const raft: Partial<RaftOptions> = {};
        if (a.prevote !== undefined) raft.preVote = a.prevote === 'true';
        if (a.checkquorum !== undefined) raft.checkQuorum = a.checkquorum === 'true';
        this.cluster = new TestCluster({ voters: a.voters!.split(','), ...(a.learners ? { learners: a.learners.split(',') } : {}), raft });
        this.c.processAll();
        return 'ok';
      }
      case 'campaign':
        this.c.node(words[0]!).campaign();
        this.c.process(words[0]!);
        return this.queued();
      case 'tick':
        this.c.tick(words[0]!, Number(words[1] ?? 1));
        return this.queued();
      case 'tick-all':
        for (let i = 0; i < Number(words[0] ?? 1); i++) {
          for (const id of this.c.nodes.keys()) if (this.c.isUp(id)) this.c.tick(id);
          out.push(this.stabilize());
        }
        return out.filter((l) => l !== '').join('\n') || 'quiet';
      case 'propose': {
        const r = this.c.propose(words[0]!, words.slice(1).join(' '));
        return `${JSON.stringify(r)}\n${this.queued()}`;
      }
      case 'conf-change': {
        const change = { type: words[1], node: words[2] } as ConfChange;
        const r = this.c.node(words[0]!).proposeConfChange(change);
        this.c.process(words[0]!);
        return `${JSON.stringify(r)}\n${this.queued()}`;
      }
      case 'start':
        this.c.start(words[0]!);
        return 'ok';
      case 'compact': {
        const s = this.c.compact(words[0]!);
        return s ? `snapshot=${s.index}/${s.term}` : 'nothing to compact';
      }
      case 'isolate':
        this.c.isolate(words[0]!);
        return 'ok';
      case 'partition':
        this.c.partition(words[0]!.split(','), words[1]!.split(','));
        return 'ok';
      case 'heal':
        this.c.heal();
        return 'ok';
      case 'crash':
        this.c.crash(words[0]!);
        return 'ok';
      case 'restart':
        this.c.restart(words[0]!);
        return this.queued();
      case 'stabilize':
        return this.stabilize() || 'quiet';
      case 'drop':
        return this.c.drop().map(describeMessage).join('\n') || 'nothing queued';
      case 'status':
        return [...this.c.nodes.keys()]
          .map((id) => {
            if (!this.c.isUp(id)) return `${id} down`;
            const s = this.c.node(id).status();
            return `${id} ${s.role} t${s.term} leader=${s.leader ?? '-'} commit=${s.commit} applied=${s.applied} last=${s.lastIndex}/${s.lastTerm} snap=${s.snapshotIndex} voters=${s.conf.voters.join(',')}`;
          })
          .join('\n');
      case 'log':
        return this.c.logOf(words[0]!).join(' ') || 'empty';
      default:
        throw new Error(`unknown transcript command "${verb}"`);
    }
  }

  /** What is queued now, undelivered. */
  private queued(): string {
    return this.c.queue.map((m) => `queued ${describeMessage(m)}`).join('\n') || 'nothing queued';
  }

  /** Delivers round by round until nothing is queued, printing each message delivered. */
  private stabilize(): string {
    const lines: string[] = [];
    this.c.processAll();
    for (let round = 0; round < 200 && this.c.queue.length > 0; round++) {
      const batch = this.c.queue.slice();
      const lost = batch.map((m) => this.c.loses(m.from, m.to));
      this.c.deliver();
      lines.push(...batch.map((m, i) => `${describeMessage(m)}${lost[i] ? ' (lost)' : ''}`));
      this.c.processAll();
    }
    return lines.join('\n');
  }
}
