/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * Our userspace TCP proxy, one per link of the run (a client to a server, a replica to its
 * primary) and one per port a server's peers dial (live/netns.ts redirects them to it). The kernel here has no netem, so this is how a live run holds, delays and cuts each
 * direction of each link on its own. What a fault does to a TCP stream:
 * - partition and hold: bytes stop and queue (TCP would retransmit into the void); they flow
 *   again, in order, when the fault ends, unless an end point gave up on the connection first;
 * - delay and clog: every chunk waits the extra time before it is passed on (order is kept);
 * - loss: a chunk is held up one retransmission timeout (200 ms), as a lost segment would be;
 *   TCP itself never loses bytes, so a proxy that dropped them would corrupt the stream.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

/** One direction of one link: "c1->n2". Every connection over the link shares it. */
export class Direction {
  private holds = 0;
  private delays: { id: number; ms: number }[] = [];
  private losses: { id: number; p: number }[] = [];
  private readonly waiting = new Set<() => void>();

  constructor(readonly name: string) {}

  get held(): boolean {
    return this.holds > 0;
  }

  hold(): () => void {
    this.holds++;
    let undone = false;
    return () => {
      if (undone) return;
      undone = true;
      this.holds--;
      if (this.holds === 0) for (const wake of [...this.waiting]) wake();
    };
  }

  /** Adds an extra delay; the latest one in force wins, as a packet patch does in simulation. */
  delay(ms: number): () => void {
    const entry = { id: Math.random(), ms };
    this.delays.push(entry);
    return () => {
      this.delays = this.delays.filter((d) => d !== entry);
    };
  }

  lose(p: number): () => void {
    const entry = { id: Math.random(), p };
    this.losses.push(entry);
    return () => {
      this.losses = this.losses.filter((d) => d !== entry);
    };
  }

  /** How long a chunk sent now waits before it is passed on. */
  extraMs(): number {
    const delay = this.delays.at(-1)?.ms ?? 0;
    const p = this.losses.at(-1)?.p ?? 0;
    return delay + (p > 0 && Math.random() < p ? 200 : 0);
  }

  whenFlowing(wake: () => void): void {
    if (!this.held) return wake();
    const once = (): void => {
      this.waiting.delete(once);
      wake();
    };
    this.waiting.add(once);
  }

  reset(): void {
    this.holds = 0;
    this.delays = [];
    this.losses = [];
    for (const wake of [...this.waiting]) wake();
  }
}

/** Moves the bytes of one direction of one connection, in order, as its Direction allows. */
class Pump {
  private readonly queue: { data: Buffer | null; at: number }[] = [];
  private busy = false;

  constructor(
    private readonly dir: Direction,
    private readonly to: Socket,
  ) {}

  push(data: Buffer | null): void {
    const last = this.queue.at(-1)?.at ?? 0;
    this.queue.push({ data, at: Math.max(last, Date.now() + this.dir.extraMs()) });
    this.run();
  }

  private run(): void {
    if (this.busy) return;
    const head = this.queue[0];
    if (!head) return;
    this.busy = true;
    const wait = head.at - Date.now();
    const go = (): void => {
      this.busy = false;
      if (this.dir.held) {
        this.busy = true;
        this.dir.whenFlowing(() => {
          this.busy = false;
          this.run();
        });
        return;
      }
      const item = this.queue.shift();
      if (!item) return;
      if (item.data === null) this.to.end();
      else if (!this.to.destroyed) this.to.write(item.data);
      this.run();
    };
    if (wait > 0) setTimeout(go, wait);
    else go();
  }
}

/** Where one accepted connection goes, and which directions its two byte streams are. */
export interface Route {
  /** Bytes from the side that connected toward the target, and back. */
  up: Direction;
  down: Direction;
  target: { host: string; port: number };
  /** The address the proxy dials from (a server's shadow, live/netns.ts); the default otherwise. */
  localAddress?: string;
}

export class LinkProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  /** `route` picks each connection's way by who connected; null refuses it. */
  constructor(private readonly route: (client: Socket) => Route | null) {}

  async listen(host = '127.0.0.1'): Promise<number> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(0, host, resolve);
    });
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  private accept(client: Socket): void {
    const route = this.route(client);
    if (route === null) {
      client.destroy();
      return;
    }
    const upstream = connect({ port: route.target.port, host: route.target.host, ...(route.localAddress ? { localAddress: route.localAddress } : {}) });
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.setNoDelay(true);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    const toServer = new Pump(route.up, upstream);
    const toClient = new Pump(route.down, client);
    client.on('data', (d: Buffer) => toServer.push(d));
    client.on('end', () => toServer.push(null));
    upstream.on('data', (d: Buffer) => toClient.push(d));
    upstream.on('end', () => toClient.push(null));
    client.on('close', () => upstream.destroy());
  }

  close(): void {
    for (const s of this.sockets) s.destroy();
    this.server?.close();
  }
}

/** The run's bridge as the peer proxies see it (live/netns.ts). */
export interface PeerAddresses {
  /** The server an address belongs to, or undefined. */
  nameAt(address: string): string | undefined;
  addressOf(name: string): string;
  shadowOf(name: string): string;
}

/** Every direction of every proxied link of a run, by "from->to". */
export class Links {
  private readonly dirs = new Map<string, Direction>();
  private readonly proxies: LinkProxy[] = [];

  direction(from: string, to: string): Direction {
    const name = `${from}->${to}`;
    let d = this.dirs.get(name);
    if (!d) {
      d = new Direction(name);
      this.dirs.set(name, d);
    }
    return d;
  }

  has(from: string, to: string): boolean {
    return this.dirs.has(`${from}->${to}`);
  }

  all(): Direction[] {
    return [...this.dirs.values()];
  }

  /** A proxy for the link from `from` (the side that connects) to `to` at `target`. */
  async proxy(from: string, to: string, target: { host: string; port: number }): Promise<number> {
    const route: Route = { up: this.direction(from, to), down: this.direction(to, from), target };
    const p = new LinkProxy(() => route);
    this.proxies.push(p);
    return p.listen();
  }

  /**
   * The proxy every peer of `to` reaches `to`'s `port` through, listening on `to`'s shadow: a
   * connection from server A goes on to `to` from A's shadow, its bytes A -> to and to -> A being
   * the link's two directions (the same ones whoever dialed). Every direction between `to` and
   * its peers exists from now on, so faults see the links before the first connection.
   */
  async peerProxy(to: string, port: number, peers: readonly string[], net: PeerAddresses): Promise<number> {
    for (const from of peers) if (from !== to) (this.direction(from, to), this.direction(to, from));
    const p = new LinkProxy((client) => {
      const from = net.nameAt(client.remoteAddress ?? '');
      if (from === undefined || from === to || !peers.includes(from)) return null;
      return { up: this.direction(from, to), down: this.direction(to, from), target: { host: net.addressOf(to), port }, localAddress: net.shadowOf(from) };
    });
    this.proxies.push(p);
    return p.listen(net.shadowOf(to));
  }

  resetAll(): void {
    for (const d of this.dirs.values()) d.reset();
  }

  closeAll(): void {
    for (const p of this.proxies) p.close();
  }
}
