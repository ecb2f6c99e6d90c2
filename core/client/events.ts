/**
 * The library's listeners. A hub created outside the client process and passed in through the
 * options keeps its subscriptions when the process crashes and a new library is built on restart.
 */
import type { EventListener, LockClientEvent } from './api.js';

export class ClientEvents {
  private readonly listeners = new Set<EventListener>();

  /** Subscribes; returns the function that unsubscribes. */
  on(listener: EventListener): () => void {
    // A wrapper, so that subscribing one function twice gives two independent subscriptions.
    const entry: EventListener = (e) => listener(e);
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  emit(event: LockClientEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}
