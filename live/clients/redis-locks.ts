/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * Two Redis lock recipes on ioredis.
 *
 * Redlock over five independent servers, through @sesamecare-oss/redlock: the lock is held when a
 * majority accepted SET NX PX with one random value; the client believes for the validity the
 * library computes (TTL minus the time the acquire took and a drift allowance). A server whose
 * clock jumps ahead expires the key early, which the algorithm assumes away.
 *
 * SET NX PX on the primary of a Sentinel-managed group (seed 001's asynchronous failover): the
 * primary answers OK before it replicates; when it dies then, Sentinel promotes a replica that
 * never saw the key, and the lock is free again while its holder still believes.
 *
 * Neither gives a fencing token: Redis has no counter that survives these failures.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Redlock, type Lock as RedlockLock } from '@sesamecare-oss/redlock';
import type { ClientInit } from './protocol.js';
import { pause, within, type Grant, type Recipe } from './recipe.js';

const quiet = { maxRetriesPerRequest: 1, connectTimeout: 1000, retryStrategy: () => 100, lazyConnect: false } as const;

export class RedlockRecipe implements Recipe {
  private readonly clients: Redis[];
  private readonly redlock: Redlock;
  private lock: RedlockLock | null = null;

  constructor(private readonly init: ClientInit) {
    this.clients = Object.values(init.endpoints).map((e) => {
      const c = new Redis({ host: e.host, port: e.port, ...quiet, commandTimeout: 500 });
      c.on('error', () => undefined);
      return c;
    });
    this.redlock = new Redlock(this.clients, { retryCount: 0, driftFactor: 0.01 });
    this.redlock.on('error', () => undefined);
  }

  async connect(): Promise<void> {}

  onLost(): void {
    // Redlock cannot learn that a key vanished early; its belief is the validity it computed.
  }

  async acquire(timeoutMs: number): Promise<Grant | null> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try {
        const lock = await within(Math.max(1, deadline - Date.now()), this.redlock.acquire([`lock:${this.init.lock}`], this.init.workload.ttlMs));
        this.lock = lock;
        return { token: null, forMs: Math.max(0, lock.expiration - Date.now()) };
      } catch (err) {
        if ((err as Error).name === 'AcquireTimeout') throw err;
        await pause(50 + Math.random() * 100);
      }
    }
    return null;
  }

  async release(): Promise<void> {
    const lock = this.lock;
    this.lock = null;
    if (lock) await within(2000, lock.release());
  }

  async close(): Promise<void> {
    for (const c of this.clients) c.disconnect();
  }
}

const RELEASE_IF_MINE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

export class SentinelSetNxRecipe implements Recipe {
  private redis: Redis;
  private value: string | null = null;

  constructor(private readonly init: ClientInit) {
    this.redis = this.open();
  }

  /** A client that asks the Sentinels where the primary is, through this client's own proxies. */
  private open(): Redis {
    const redis = new Redis({
      sentinels: this.init.sentinels ?? [],
      name: 'lockstep',
      natMap: this.init.natMap ?? {},
      ...quiet,
      commandTimeout: 1000,
      sentinelRetryStrategy: () => 100,
      enableOfflineQueue: true,
    });
    redis.on('error', () => undefined);
    return redis;
  }

  async connect(): Promise<void> {}

  onLost(): void {
    // SET NX PX gives the client no way to learn that the key vanished in a failover.
  }

  async acquire(timeoutMs: number): Promise<Grant | null> {
    const deadline = Date.now() + timeoutMs;
    const ttl = this.init.workload.ttlMs;
    while (Date.now() < deadline) {
      const value = randomBytes(8).toString('hex');
      const sentAt = Date.now();
      let answer: string | null;
      try {
        answer = await within(Math.max(1, deadline - Date.now()), this.redis.set(`lock:${this.init.lock}`, value, 'PX', ttl, 'NX'));
      } catch (err) {
        if ((err as Error).name === 'AcquireTimeout') throw err;
        process.stderr.write(`${new Date().toISOString()} SET NX failed: ${(err as Error).message}\n`);
        // Ask the Sentinels afresh: a connection that lost its primary can keep retrying the dead one.
        this.redis.disconnect();
        this.redis = this.open();
        await pause(100);
        continue;
      }
      process.stderr.write(`${new Date().toISOString()} SET NX answered ${String(answer)}\n`);
      if (answer === 'OK') {
        this.value = value;
        // Counted from the send: the most a client can claim.
        return { token: null, forMs: Math.max(0, ttl - (Date.now() - sentAt)) };
      }
      await pause(50 + Math.random() * 100);
    }
    return null;
  }

  async release(): Promise<void> {
    const value = this.value;
    this.value = null;
    if (value) await within(2000, this.redis.eval(RELEASE_IF_MINE, 1, `lock:${this.init.lock}`, value));
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
