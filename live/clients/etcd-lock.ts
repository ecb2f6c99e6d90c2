/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * etcd's lock through the etcd3 client: a lease with keep-alives, and a put of the lock key bound
 * to that lease only if the key does not exist. The key's create revision is the grant's fencing
 * token (what etcd's own contrib/lock example checks at the resource). The client learns of a
 * lost lease only when its keep-alives fail for a whole TTL, and a frozen client learns nothing.
 * An acquire it gives up on is revoked, so that its key cannot outlive the attempt.
 */
import { Etcd3, EtcdLockFailedError, type Lock } from 'etcd3';
import type { ClientInit } from './protocol.js';
import { pause, within, type Grant, type Recipe } from './recipe.js';

export class EtcdLockRecipe implements Recipe {
  private readonly client: Etcd3;
  private lock: Lock | null = null;
  private lost: (reason: string) => void = () => undefined;
  private readonly key: string;
  private readonly ttlSec: number;

  constructor(init: ClientInit) {
    const hosts = Object.values(init.endpoints).map((e) => `http://${e.host}:${e.port}`);
    this.client = new Etcd3({ hosts, dialTimeout: 1000 });
    this.key = `locks/${init.lock}`;
    this.ttlSec = Math.max(2, Math.ceil(init.workload.ttlMs / 1000));
  }

  async connect(): Promise<void> {
    // Nothing to do: the client dials on first use.
  }

  onLost(listener: (reason: string) => void): void {
    this.lost = listener;
  }

  async acquire(timeoutMs: number): Promise<Grant | null> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const lock = this.client.lock(this.key).ttl(this.ttlSec);
      const attempt = lock.acquire();
      try {
        await within(Math.max(1, deadline - Date.now()), attempt);
      } catch (err) {
        if (err instanceof EtcdLockFailedError) {
          await pause(50 + Math.random() * 100);
          continue;
        }
        // Given up on: the attempt may still create the key later, and its lease would keep it
        // alive for ever, locking everyone out (random live sweeps found exactly that). Revoke the
        // lease now and again when the attempt settles, as Curator deletes its node on a timeout.
        const revoke = (): void => void lock.release().catch(() => undefined);
        revoke();
        attempt.then(revoke, revoke);
        throw err;
      }
      this.lock = lock;
      const lease = (lock as unknown as { lease: NodeJS.EventEmitter }).lease;
      lease.on('lost', () => this.lost('lease-lost'));
      const res = await within(Math.max(1000, deadline - Date.now()), this.client.get(this.key).exec());
      const kv = res.kvs[0];
      return { token: kv ? Number(kv.create_revision) : null, forMs: null };
    }
    return null;
  }

  async release(): Promise<void> {
    const lock = this.lock;
    this.lock = null;
    if (lock) await within(2000, lock.release());
  }

  async close(): Promise<void> {
    this.client.close();
  }
}
