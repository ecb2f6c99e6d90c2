/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * What every lock recipe offers the client loop: connect, try to take the lock within a time, give
 * it back, and say when it has learned that the lock is gone (a lost lease, a SUSPENDED
 * connection). Each recipe is the algorithm a user would run, on the real client library.
 */
import type { ClientInit } from './protocol.js';

export interface Grant {
  /** The token the lock service gave (a revision, a sequence number); null when it gives none. */
  token: number | null;
  /** How long the client may believe, by its own clock, from now; null: until it learns otherwise. */
  forMs: number | null;
}

export interface Recipe {
  connect(): Promise<void>;
  /** Resolves with the grant, or null when the lock was not granted within `timeoutMs`. */
  acquire(timeoutMs: number): Promise<Grant | null>;
  release(): Promise<void>;
  /** Called by the recipe when it learns the lock is lost (the reason goes into the belief). */
  onLost(listener: (reason: string) => void): void;
  close(): Promise<void>;
}

export type RecipeFactory = (init: ClientInit) => Recipe;

export class AcquireTimeout extends Error {}

/** Rejects with AcquireTimeout after `ms`, unless the promise settles first. */
export function within<T>(ms: number, p: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new AcquireTimeout(`no answer within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

export const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
