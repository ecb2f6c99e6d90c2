/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * Two ZooKeeper lock recipes on node-zookeeper-client.
 *
 * Scheme a of seed 000: every try-lock opens a session whose timeout is the expiry the
 * application asked for and creates the lock as an ephemeral node; the application believes for
 * that expiry counted from the answer. The server counts the session timeout from the last packet
 * it heard, so a held-up answer and silent heartbeats end the session first.
 *
 * Curator's InterProcessMutex algorithm: one session; a sequential ephemeral node under the lock's
 * folder; the lowest sequence holds the lock, the others watch their predecessor. Curator's
 * connection states are kept the way its documentation asks: SUSPENDED (no answer from the
 * server for 2/3 of the session timeout, the ZooKeeper Java client's read timeout, which this
 * library lacks and we therefore measure with our own heartbeat) is treated as loss, and so is
 * LOST. The node's sequence number is the fencing token.
 */
import zookeeper, { type Client } from 'node-zookeeper-client';
import type { ClientInit } from './protocol.js';
import { pause, within, type Grant, type Recipe } from './recipe.js';

const { CreateMode } = zookeeper;

function connString(init: ClientInit): string {
  return Object.values(init.endpoints)
    .map((e) => `${e.host}:${e.port}`)
    .join(',');
}

function open(init: ClientInit, sessionTimeout: number): Promise<Client> {
  const client = zookeeper.createClient(connString(init), { sessionTimeout, spinDelay: 100, retries: 1 });
  return new Promise<Client>((resolve) => {
    client.once('connected', () => resolve(client));
    client.connect();
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function call<T>(fn: (cb: (err: any, v: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => fn((err, v) => (err ? reject(err) : resolve(v))));
}

function codeOf(err: unknown): number | undefined {
  return (err as { getCode?: () => number })?.getCode?.();
}

export class SchemeARecipe implements Recipe {
  private session: Client | null = null;
  private readonly path: string;

  constructor(private readonly init: ClientInit) {
    this.path = `/lock-${init.lock}`;
  }

  async connect(): Promise<void> {}

  onLost(): void {
    // Scheme a as written never tells the application that the session ended early.
  }

  async acquire(timeoutMs: number): Promise<Grant | null> {
    const deadline = Date.now() + timeoutMs;
    const ttl = this.init.workload.ttlMs;
    while (Date.now() < deadline) {
      const session = await within(Math.max(1, deadline - Date.now()), open(this.init, ttl));
      try {
        await within(Math.max(1, deadline - Date.now()), call<string>((cb) => session.create(this.path, Buffer.from(this.init.id), CreateMode.EPHEMERAL, cb)));
        this.session = session;
        // The expiry is counted from the answer: the promise of scheme a.
        return { token: null, forMs: ttl };
      } catch (err) {
        session.close();
        if (codeOf(err) !== zookeeper.Exception.NODE_EXISTS) throw err;
        await pause(50 + Math.random() * 100);
      }
    }
    return null;
  }

  async release(): Promise<void> {
    const session = this.session;
    this.session = null;
    // Unlock closes the session, which removes the ephemeral node with it.
    session?.close();
  }

  async close(): Promise<void> {
    this.session?.close();
  }
}

export class CuratorMutexRecipe implements Recipe {
  private session: Client | null = null;
  private myNode: string | null = null;
  private lost: (reason: string) => void = () => undefined;
  private heartbeat: NodeJS.Timeout | null = null;
  private lastAnswer = 0;
  private readonly dir: string;

  constructor(private readonly init: ClientInit) {
    this.dir = `/locks/${init.lock}`;
  }

  async connect(): Promise<void> {}

  onLost(listener: (reason: string) => void): void {
    this.lost = listener;
  }

  private async ensureSession(): Promise<Client> {
    if (this.session) return this.session;
    const ttl = this.init.workload.ttlMs;
    const session = await within(ttl, open(this.init, ttl));
    this.session = session;
    this.lastAnswer = Date.now();
    session.on('state', (s: { name: string }) => {
      if (s.name === 'DISCONNECTED') this.abandon(session, 'suspended');
      else if (s.name === 'EXPIRED') this.abandon(session, 'lost');
    });
    // The read timeout of the ZooKeeper Java client: silence for 2/3 of the timeout is SUSPENDED.
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.lastAnswer > (2 * ttl) / 3) return this.abandon(session, 'suspended');
      session.exists('/', (err) => {
        if (!err) this.lastAnswer = Date.now();
      });
    }, Math.max(50, Math.floor(ttl / 6)));
    await call<string>((cb) => session.mkdirp(this.dir, cb));
    return session;
  }

  /**
   * SUSPENDED or LOST: the lock is treated as gone and the session given up, so that its node goes
   * with it (at once if the close reaches a server, else when the session expires).
   *
   * node-zookeeper-client must not be closed from inside its DISCONNECTED event: the socket that
   * would carry the close is already gone, and when the handler returns the library reconnects,
   * overwriting the closing state, and renews the session. That zombie session then keeps its
   * ephemeral lock node (and receives its watches) for as long as the process lives, and every
   * later acquire waits behind it: the liveness failures of random sweeps (seeds 4 and 15). So the
   * close waits until the library's own transition is over, and a session that still comes back
   * is closed again. Only the current session is abandoned: an old one's late events are its own.
   */
  private abandon(session: Client, reason: string): void {
    if (this.session !== session) return;
    this.session = null;
    this.myNode = null;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    session.on('state', (s: { name: string }) => {
      if (s.name === 'SYNC_CONNECTED') setImmediate(() => session.close());
    });
    setImmediate(() => session.close());
    this.lost(reason);
  }

  async acquire(timeoutMs: number): Promise<Grant | null> {
    const deadline = Date.now() + timeoutMs;
    const session = await this.ensureSession();
    const created = await within(timeoutMs, call<string>((cb) => session.create(`${this.dir}/lock-`, Buffer.from(this.init.id), CreateMode.EPHEMERAL_SEQUENTIAL, cb)));
    const mine = created.slice(this.dir.length + 1);
    this.myNode = created;
    while (Date.now() < deadline) {
      if (this.session !== session) throw new Error('session suspended while waiting for the lock');
      const children = (await within(Math.max(1, deadline - Date.now()), call<string[]>((cb) => session.getChildren(this.dir, cb)))).sort();
      const at = children.indexOf(mine);
      if (at < 0) throw new Error('our lock node vanished (session expired)');
      if (at === 0) return { token: Number(mine.slice('lock-'.length)), forMs: null };
      const predecessor = `${this.dir}/${children[at - 1]}`;
      const gone = new Promise<void>((resolve) => {
        session.exists(
          predecessor,
          () => resolve(),
          (err, stat) => {
            if (err || !stat) resolve();
          },
        );
      });
      await Promise.race([gone, pause(Math.max(1, deadline - Date.now()))]);
    }
    // Curator deletes its node when an acquire times out.
    this.myNode = null;
    await within(2000, call<void>((cb) => session.remove(created, -1, cb))).catch(() => undefined);
    return null;
  }

  async release(): Promise<void> {
    const node = this.myNode;
    const session = this.session;
    this.myNode = null;
    if (node && session) await within(2000, call<void>((cb) => session.remove(node, -1, cb)));
  }

  async close(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.session?.close();
  }
}
