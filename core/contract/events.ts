/**
 * The typed events of a system under test. A client library tells its application about its
 * session and its beliefs (`ClientNotice`); the system tells the harness the facts a checker needs
 * (`SystemEvent`: grants, beliefs, releases, resource writes, roles, sessions), and the harness
 * records them itself. Nothing is recovered by parsing trace strings.
 */
import type { LocalNs, NodeId } from '../env.js';
import type { LockMode, Token } from './calls.js';

/** The session's connection, after Curator's states. */
export type SessionState = 'connected' | 'suspended' | 'reconnected' | 'lost';

/** What a client library tells its application. */
export type ClientNotice =
  | { type: 'session'; state: SessionState }
  /**
   * The library started (`held: true`) or stopped (`held: false`, with a reason) believing in a
   * grant. `deadline`, when the library keeps one, is the end of the belief on the client's own
   * monotonic clock: the instant it will stop believing unless the lease is renewed.
   */
  | {
      type: 'belief';
      lock: string;
      token: Token;
      mode: LockMode;
      held: boolean;
      reason?: string;
      deadline?: LocalNs;
      /**
       * The belief ended this long before the event (its deadline passed while the process was
       * paused and the timer ran late), measured on the library's own monotonic clock (the
       * simulator turns it into true time); absent or zero when it ended as the event says.
       */
      endedAgoNs?: number;
    };

/** The service granted `lock` to `owner` (a session or an owner name) of `client`. */
export interface GrantEvent {
  type: 'grant';
  lock: string;
  owner: string;
  client: string;
  token: Token;
  mode: LockMode;
  /** The log index or other identity of the grant: one grant seen twice (by two leaders) is one. */
  id?: string;
}

/** The service ended the grant `token` of `lock`: released, expired, the session ended, ... */
export interface ReleaseEvent {
  type: 'release';
  lock: string;
  owner: string;
  token: Token;
  reason: string;
  /**
   * The grant ended this long before the event reports it (a deletion seen before the reply that
   * created the file arrived); absent or zero when it ended as the event says.
   */
  endedAgoNs?: number;
}

/** A client started believing it holds `lock` (its application may act on it from now on). */
export interface BeliefStartEvent {
  type: 'belief-start';
  client: string;
  lock: string;
  token: Token;
  mode: LockMode;
  /** When the client itself will stop believing, on its own monotonic clock (if it keeps one). */
  deadline?: LocalNs;
  /** History index of the operation that produced the belief, when there is one. */
  op?: number;
}

/** A client stopped believing it holds `lock`. */
export interface BeliefEndEvent {
  type: 'belief-end';
  client: string;
  lock: string;
  token: Token;
  /** "released", "deadline", "lost", "suspended", "crashed", ... */
  reason: string;
}

/** The protected resource accepted or refused a write. */
export interface ResourceWriteEvent {
  type: 'resource-write';
  client: string;
  lock: string;
  token: Token | null;
  accepted: boolean;
  /** Why a refused write was refused ("stale-token", ...). */
  reason?: string;
  key?: string;
  value?: unknown;
}

/** A server changed role (leader, follower, candidate, primary, replica, ...) in a term. */
export interface RoleEvent {
  type: 'role';
  node: NodeId;
  role: string;
  term: number;
}

/** A client's session changed state. */
export interface SessionEvent {
  type: 'session';
  client: string;
  state: SessionState;
}

/** Every fact a system under test reports to the harness. */
export type SystemEvent = GrantEvent | ReleaseEvent | BeliefStartEvent | BeliefEndEvent | ResourceWriteEvent | RoleEvent | SessionEvent;

/** Where a system reports its facts; the harness stamps each with the true time it arrives. */
export interface EventSink<E = SystemEvent> {
  emit(event: E): void;
}

/**
 * The one event hub: listeners of one kind of event. A hub made outside a process and handed to
 * it keeps its subscriptions when the process crashes and a new incarnation is built.
 */
export class EventHub<E> implements EventSink<E> {
  private readonly listeners = new Set<(event: E) => void>();

  /** Subscribes; returns the function that unsubscribes. */
  on(listener: (event: E) => void): () => void {
    // A wrapper, so that subscribing one function twice gives two independent subscriptions.
    const entry = (event: E): void => listener(event);
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  /** Calls every listener subscribed now, in the order they subscribed. */
  emit(event: E): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}
