/**
 * The client-side design choices of the catalogue, in one place. The default is the safe design;
 * each unsafe value is the mistake one catalogue case is about, so a scenario names the mistake
 * instead of editing code.
 */

export interface ClientDesign {
  /**
   * Where a lease starts. `send` (safe): when the request that earned it left the client, since
   * the server may have started counting at any moment after that. `receive` (lease-skew, unsafe):
   * when the reply arrived, so a slow reply stretches the belief past the server's end.
   */
  leaseFrom: 'send' | 'receive';
  /**
   * What a SUSPENDED session does to held locks. `treat-as-lost` (safe, Curator's advice): stop
   * believing at once. `ignore` (suspended-ignored, unsafe): believe on until the session is LOST.
   */
  onSuspended: 'treat-as-lost' | 'ignore';
  /**
   * When a session out of contact becomes LOST (besides the server saying it ended).
   * `lease-end` (safe): when its believed lease runs out, before the server can end it.
   * `timeout-after-suspended` (suspended-ignored, unsafe, Curator 3.x's simulated expiry): a full session
   * timeout after it went SUSPENDED; by then the server may have ended it a third of a lease ago.
   */
  lostAfter: 'lease-end' | 'timeout-after-suspended';
  /**
   * How much of a lease is believed. `conservative` (safe): duration·(1−ε) minus a margin.
   * `none` (unsafe): the full duration, as if the client's clock could not run fast and no time
   * were lost in flight.
   */
  ttlMargin: 'conservative' | 'none';
  /**
   * The clock leases are counted on. `monotonic` (safe): rate-bounded, never jumps. `wall`
   * (unsafe): a step back of the wall clock extends every belief.
   */
  clockForLease: 'monotonic' | 'wall';
  /**
   * Whether a grant that arrives after a wait is checked against the session it was asked for
   * (waiter-expired-grant). true (safe): a grant for a session the client already gave up is not believed but
   * released. false (unsafe): a waiting acquire outlives its session and its grant is believed.
   */
  recheckAfterWait: boolean;
}

export const SAFE_CLIENT_DESIGN: Readonly<ClientDesign> = Object.freeze({
  leaseFrom: 'send',
  onSuspended: 'treat-as-lost',
  lostAfter: 'lease-end',
  ttlMargin: 'conservative',
  clockForLease: 'monotonic',
  recheckAfterWait: true,
});

const CHOICES: { readonly [K in keyof ClientDesign]: readonly ClientDesign[K][] } = {
  leaseFrom: ['send', 'receive'],
  onSuspended: ['treat-as-lost', 'ignore'],
  lostAfter: ['lease-end', 'timeout-after-suspended'],
  ttlMargin: ['conservative', 'none'],
  clockForLease: ['monotonic', 'wall'],
  recheckAfterWait: [true, false],
};

/** The safe design with `overrides` applied; an unknown field or value is a configuration error. */
export function clientDesign(overrides: Partial<ClientDesign> = {}): ClientDesign {
  const design: ClientDesign = { ...SAFE_CLIENT_DESIGN };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (!Object.prototype.hasOwnProperty.call(CHOICES, name)) {
      throw new RangeError(`client design: unknown option ${name}`);
    }
    const key = name as keyof ClientDesign;
    const allowed = CHOICES[key] as readonly unknown[];
    if (!allowed.includes(value)) {
      throw new RangeError(`client design: ${name} must be one of ${allowed.map(String).join('|')}, got ${String(value)}`);
    }
    (design as unknown as Record<string, unknown>)[key] = value;
  }
  return design;
}

/** The options that differ from the safe design, e.g. "leaseFrom=receive" ("safe" when none). */
export function describeDesign(design: ClientDesign): string {
  const changed = (Object.keys(SAFE_CLIENT_DESIGN) as (keyof ClientDesign)[])
    .filter((k) => design[k] !== SAFE_CLIENT_DESIGN[k])
    .map((k) => `${k}=${String(design[k])}`);
  return changed.length === 0 ? 'safe' : changed.join(',');
}
