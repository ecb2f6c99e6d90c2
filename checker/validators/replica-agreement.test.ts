import { describe, expect, it } from 'vitest';
import type { ReplicaState } from '../history.js';
import { checkReplicaAgreement } from './replica-agreement.js';
import { s } from './testing/records.js';

function replica(node: string, digest: string, owners: [string, string][], sessions: string[], live = true): ReplicaState {
  return { node, digest, lockOwners: owners.map(([lock, owner]) => ({ lock, owner })), liveSessions: sessions, ...(live ? {} : { live: false }) };
}

describe('replica agreement (DIV)', () => {
  it('passes replicas that agree, ignoring one that was down', () => {
    const r = checkReplicaAgreement({
      history: [],
      replicas: [
        replica('n1', 'd1', [['/ls/a', 's7']], ['s7', 's9']),
        replica('n2', 'd1', [['/ls/a', 's7']], ['s7', 's9']),
        replica('n3', 'stale', [], [], false),
      ],
    });
    expect(r.violations).toEqual([]);
    expect(r.stats).toEqual({ replicas: 3, live: 2, digests: 1, orphanOwners: 0 });
  });

  it('catches replicas whose local timers expired a lock differently', () => {
    const r = checkReplicaAgreement({
      history: [],
      endAt: s(30),
      replicas: [
        replica('n1', 'aaaa', [['/ls/a', 's7']], ['s7']),
        replica('n2', 'aaaa', [['/ls/a', 's7']], ['s7']),
        replica('n3', 'bbbb', [['/ls/a', 's9']], ['s7', 's9']),
      ],
    });
    expect(r.violations).toHaveLength(1);
    const v = r.violations[0]!;
    expect([v.kind, v.checker, v.at]).toEqual(['DIV', 'replica-agreement', s(30)]);
    expect(v.explanation).toBe(
      'the live replicas disagree after quiescence: n1 and n2 have digest aaaa; n3 has digest bbbb. ' +
        '/ls/a is held by s7 on n1 but by s9 on n3; session s9 is live only on n3.',
    );
  });

  it('catches a lock left to a session that is no longer live', () => {
    const r = checkReplicaAgreement({
      history: [],
      replicas: [replica('n1', 'd', [['/ls/a', 's4']], ['s9']), replica('n2', 'd', [['/ls/a', 's4']], ['s9'])],
    });
    expect(r.violations.map((v) => v.kind)).toEqual(['DIV']);
    expect(r.violations[0]!.explanation).toBe(
      'n1 and n2 give /ls/a to session s4, which is not a live session there: the lock outlived its owner and nobody can release it.',
    );
    expect(r.stats.orphanOwners).toBe(1);
  });

  it('says it was skipped when no replica state was captured', () => {
    expect(checkReplicaAgreement({ history: [] }).skipped).toBe('the run captured no replica states');
    expect(checkReplicaAgreement({ history: [], replicas: [replica('n1', 'd', [], [], false)] }).skipped).toBe(
      'no replica was live when the states were captured',
    );
  });
});
