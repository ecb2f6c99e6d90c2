import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Op } from '../history.js';
import { formatHistoryEdn, parseHistoryEdn } from './edn.js';
import { formatHistoryJsonl, parseHistoryJsonl } from './jsonl.js';

/** Names as Jepsen writes them (keywords) and names no keyword can carry (strings with spaces, quotes, ...). */
const name = fc.oneof(
  fc.constantFrom('read', 'write', 'cas', 'acquire', 'release', 'try-lock', 'nil', 'true', 'timeout'),
  fc.string({ minLength: 1, maxLength: 12, unit: 'binary' }),
);

/** Any JSON value, with strings that need escaping (quotes, backslashes, control and astral characters). */
const value = fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' });

function opArbitrary(keyed: boolean): fc.Arbitrary<Op> {
  return fc
    .record(
      {
        index: fc.nat(),
        process: fc.oneof(fc.nat({ max: 40 }), fc.constant('nemesis' as const)),
        type: fc.constantFrom('invoke' as const, 'ok' as const, 'fail' as const, 'info' as const),
        f: name,
        value,
        time: fc.oneof(fc.nat(), fc.integer({ min: 0, max: 2 ** 52 }), fc.double({ min: 0, max: 1e15, noNaN: true })),
        // Jepsen's independent keys are integers; strings that only look like integers must stay strings.
        key: fc.oneof(
          fc.string({ unit: 'binary', maxLength: 8 }),
          fc.integer({ min: -99, max: 99 }).map(String),
          fc.constantFrom('007', '-0', '+1', '1.5', '9007199254740993'),
        ),
        node: fc.string({ maxLength: 4 }),
        error: name,
        localMonoNs: fc.integer({ min: -(2 ** 52), max: 2 ** 52 }),
        localWallNs: fc.double({ noNaN: true, noDefaultInfinity: true }),
      },
      { requiredKeys: keyed ? ['index', 'process', 'type', 'f', 'value', 'time', 'key'] : ['index', 'process', 'type', 'f', 'value', 'time'] },
    )
    .map((op) => op as Op);
}

/** What JSON makes of a value anyway (-0 becomes 0); both formats promise exactly this. */
function asJson(ops: Op[]): Op[] {
  return JSON.parse(JSON.stringify(ops)) as Op[];
}

describe('histories survive a trip through either format', () => {
  it('JSONL', () => {
    fc.assert(
      fc.property(fc.array(opArbitrary(false), { maxLength: 12 }), (ops) => {
        expect(parseHistoryJsonl(formatHistoryJsonl(ops))).toEqual(asJson(ops));
      }),
      { numRuns: 300 },
    );
  });

  it('EDN, one map per line', () => {
    fc.assert(
      fc.property(fc.array(opArbitrary(false), { maxLength: 12 }), (ops) => {
        expect(parseHistoryEdn(formatHistoryEdn(ops))).toEqual(asJson(ops));
      }),
      { numRuns: 300 },
    );
  });

  it('EDN with jepsen.independent [key value] tuples', () => {
    fc.assert(
      fc.property(fc.array(opArbitrary(true), { maxLength: 12 }), (ops) => {
        const text = formatHistoryEdn(ops, { independent: true });
        expect(parseHistoryEdn(text, { independent: true })).toEqual(asJson(ops));
      }),
      { numRuns: 300 },
    );
  });

  it('EDN wrapped in one vector, as hand-made histories are', () => {
    fc.assert(
      fc.property(fc.array(opArbitrary(false), { minLength: 1, maxLength: 8 }), (ops) => {
        const text = `[\n${formatHistoryEdn(ops)}]\n`;
        expect(parseHistoryEdn(text)).toEqual(asJson(ops));
      }),
      { numRuns: 100 },
    );
  });

  it('JSONL to EDN and back', () => {
    fc.assert(
      fc.property(fc.array(opArbitrary(false), { maxLength: 12 }), (ops) => {
        const viaEdn = parseHistoryEdn(formatHistoryEdn(parseHistoryJsonl(formatHistoryJsonl(ops))));
        expect(parseHistoryJsonl(formatHistoryJsonl(viaEdn))).toEqual(asJson(ops));
      }),
      { numRuns: 100 },
    );
  });
});
