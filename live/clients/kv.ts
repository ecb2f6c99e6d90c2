/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * The kv side of a live run: a client process that reads, writes and compares-and-sets a few
 * registers in the target's own store, through the same client library and proxies as the lock
 * clients, so that the same faults reach it. Its history is judged for linearizability with the
 * simulator's checker (the kv model, each key alone).
 *
 * - etcd: a range read (linearizable by default), a put, and a transaction that puts only if the
 *   value is the expected one.
 * - Redis under Sentinel: GET, SET, and a Lua script that sets only if the value is the expected
 *   one, all on the primary the Sentinels name. The primary acknowledges before it replicates, so
 *   a failover can lose an acknowledged write: a later read sees the older value.
 * ZooKeeper serves reads from the server a client is connected to (sequential consistency, not
 * linearizability, by design) and five independent Redis servers share no state: neither target
 * has a kv client.
 */
import { Etcd3 } from 'etcd3';
import { Redis } from 'ioredis';
import type { ClientInit } from './protocol.js';

export interface KvStore {
  /** The value, or null when the key holds none. */
  read(key: string): Promise<string | null>;
  write(key: string, value: string): Promise<void>;
  /** True when the key held `from` and now holds `to`; false when it held something else. */
  cas(key: string, from: string, to: string): Promise<boolean>;
  close(): Promise<void>;
}

export type KvKind = 'etcd' | 'sentinel';

class EtcdKv implements KvStore {
  private readonly client: Etcd3;

  constructor(init: ClientInit) {
    const hosts = Object.values(init.endpoints).map((e) => `http://${e.host}:${e.port}`);
    this.client = new Etcd3({ hosts, dialTimeout: 1000 });
  }

  read(key: string): Promise<string | null> {
    return this.client.get(`kv/${key}`).string();
  }

  async write(key: string, value: string): Promise<void> {
    await this.client.put(`kv/${key}`).value(value).exec();
  }

  async cas(key: string, from: string, to: string): Promise<boolean> {
    const r = await this.client.if(`kv/${key}`, 'Value', '==', from).then(this.client.put(`kv/${key}`).value(to)).commit();
    return r.succeeded;
  }

  async close(): Promise<void> {
    this.client.close();
  }
}

const CAS_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('set', KEYS[1], ARGV[2]) return 1 else return 0 end";

class SentinelKv implements KvStore {
  private readonly redis: Redis;

  constructor(init: ClientInit) {
    this.redis = new Redis({
      sentinels: init.sentinels ?? [],
      name: 'lockstep',
      natMap: init.natMap ?? {},
      maxRetriesPerRequest: 1,
      connectTimeout: 1000,
      commandTimeout: 1000,
      retryStrategy: () => 100,
      sentinelRetryStrategy: () => 100,
    });
    this.redis.on('error', () => undefined);
  }

  read(key: string): Promise<string | null> {
    return this.redis.get(`kv:${key}`);
  }

  async write(key: string, value: string): Promise<void> {
    await this.redis.set(`kv:${key}`, value);
  }

  async cas(key: string, from: string, to: string): Promise<boolean> {
    return (await this.redis.eval(CAS_SCRIPT, 1, `kv:${key}`, from, to)) === 1;
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

export function kvStoreFor(kind: KvKind, init: ClientInit): KvStore {
  return kind === 'etcd' ? new EtcdKv(init) : new SentinelKv(init);
}
