/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * Server-to-server links that a proxy cannot reach. etcd members and ZooKeeper servers dial each
 * other at one address per peer, so a proxy per pair would need a different address per dialer.
 * Instead each server runs in a network namespace of the run's own, with its own address on a
 * bridge the run creates; the harness reaches the servers through the bridge (its one address on
 * it), and a one-way cut A -> B is a blackhole route to B's address inside A's namespace. TCP
 * behaves as it does across a real partition: the packets are lost, retransmitted, and flow again
 * when the route goes. Everything lives on this machine: the addresses are a private /24 that no
 * route of the machine uses, on a bridge with no uplink.
 *
 * Delays, holds and loss between servers need bytes to pass through a proxy of ours, yet each
 * server dials its peer at the peer's own address. So each namespace gets an nftables rule that
 * redirects (DNAT) its connections to a peer's ports onto a proxy in the harness, listening on a
 * second address of the harness's that stands for that peer (its "shadow"); the proxy dials the
 * peer from the dialer's shadow (live/proxy.ts). The dialer still sees the peer's address (the
 * kernel undoes the rewrite on the way back) and the peer sees the dialer's shadow. A cut A -> B
 * blackholes B and B's shadow in A's namespace, so it reaches the proxied connections too: A's
 * bytes to B, whoever dialed, go to one of the two.
 *
 * It needs root and iproute2 (`ip`), and nftables (`nft`) for the proxies. Without namespaces a run
 * falls back to loopback and every fault between servers is listed as not applied; without nft,
 * cuts apply and delays, holds and loss between servers are listed. The watchdog deletes the
 * namespaces (their rules go with them) and the bridge (with the shadows) however the run ends.
 */
import { spawnSync } from 'node:child_process';
import type { ProcessSpec } from './processes.js';

/** Why a run cannot make namespaces here, or null when it can. */
export function netnsProblem(): string | null {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'network namespaces need root';
  const ip = spawnSync('ip', ['-V'], { encoding: 'utf8' });
  if (ip.error || ip.status !== 0) return 'network namespaces need iproute2 (apt-get install -y iproute2)';
  return null;
}

/** Why links between servers cannot be proxied here (delays, holds, loss), or null when they can. */
export function nftProblem(): string | null {
  const nft = spawnSync('nft', ['--version'], { encoding: 'utf8' });
  if (nft.error || nft.status !== 0) return 'delays, holds and loss between servers need nftables (apt-get install -y nftables)';
  return null;
}

/** Servers on one bridge: .1 up to .100, their shadows .101 up to .200, the harness .254. */
const MAX_SERVERS = 100;
const SHADOW_BASE = 100;

function ip(args: string[]): void {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${(r.stderr || String(r.error)).trim()}`);
}

function tryIp(args: string[]): boolean {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  return !r.error && r.status === 0;
}

/** Prefixes of 10.250.0.0/16 already routed or addressed on this machine. */
function usedSubnets(): Set<number> {
  const out = spawnSync('ip', ['-o', 'route', 'show', 'table', 'all'], { encoding: 'utf8' }).stdout ?? '';
  const addrs = spawnSync('ip', ['-o', 'addr'], { encoding: 'utf8' }).stdout ?? '';
  const used = new Set<number>();
  for (const m of `${out}\n${addrs}`.matchAll(/10\.250\.(\d+)\./g)) used.add(Number(m[1]));
  // A route to a wider prefix that covers 10.250/16 makes every subnet ambiguous.
  if (/\b10\.0\.0\.0\/8\b|\b10\.250\.0\.0\/16\b/.test(out)) for (let k = 0; k < 256; k++) used.add(k);
  return used;
}

export interface WatchdogLike {
  tell(line: string): void;
}

export class ServerNetwork {
  private readonly cuts = new Map<string, number>();

  private constructor(
    /** The third octet of the run's 10.250.k.0/24. */
    private readonly k: number,
    readonly names: readonly string[],
  ) {}

  /**
   * Makes the bridge and one namespace per server. The bridge name carries the subnet, so two runs
   * at once cannot take the same one (creating the bridge is the claim).
   */
  static create(names: readonly string[], watchdog: WatchdogLike): ServerNetwork {
    if (names.length > MAX_SERVERS) throw new Error(`at most ${MAX_SERVERS} servers on one bridge`);
    const used = usedSubnets();
    const start = process.pid % 256;
    for (let i = 0; i < 256; i++) {
      const k = (start + i) % 256;
      if (used.has(k)) continue;
      if (!tryIp(['link', 'add', bridgeName(k), 'type', 'bridge'])) continue;
      watchdog.tell(`link ${bridgeName(k)}`);
      const net = new ServerNetwork(k, names);
      net.build(watchdog);
      return net;
    }
    throw new Error('no free 10.250.k.0/24 subnet and bridge name for the run');
  }

  private build(watchdog: WatchdogLike): void {
    const br = bridgeName(this.k);
    // The harness's own address first: it is the primary one, the source of the harness's dials.
    ip(['addr', 'add', `10.250.${this.k}.254/24`, 'dev', br]);
    for (const name of this.names) ip(['addr', 'add', `${this.shadowOf(name)}/24`, 'dev', br]);
    ip(['link', 'set', br, 'up']);
    this.names.forEach((name, i) => {
      const ns = this.namespaceOf(name);
      ip(['netns', 'add', ns]);
      watchdog.tell(`netns ${ns}`);
      const host = `lsv${this.k}x${i}`;
      ip(['link', 'add', host, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
      ip(['link', 'set', host, 'master', br]);
      ip(['link', 'set', host, 'up']);
      ip(['-n', ns, 'addr', 'add', `${this.addressOf(name)}/24`, 'dev', 'eth0']);
      ip(['-n', ns, 'link', 'set', 'eth0', 'up']);
      ip(['-n', ns, 'link', 'set', 'lo', 'up']);
    });
  }

  get bridge(): string {
    return bridgeName(this.k);
  }

  namespaceOf(name: string): string {
    return `lockstep-${this.k}-${name}`;
  }

  addressOf(name: string): string {
    const i = this.names.indexOf(name);
    if (i < 0) throw new Error(`no server ${name} on the run's bridge`);
    return `10.250.${this.k}.${i + 1}`;
  }

  /**
   * The harness's address that stands for `name` between servers: peers' connections to `name`
   * are redirected to a proxy listening there, and the proxy dials `name`'s peers from it.
   */
  shadowOf(name: string): string {
    const i = this.names.indexOf(name);
    if (i < 0) throw new Error(`no server ${name} on the run's bridge`);
    return `10.250.${this.k}.${SHADOW_BASE + i + 1}`;
  }

  /** Which server an address on the bridge belongs to (its own or its shadow), or undefined. */
  nameAt(address: string): string | undefined {
    const m = new RegExp(`^(?:::ffff:)?10\\.250\\.${this.k}\\.(\\d+)$`).exec(address);
    if (!m) return undefined;
    const last = Number(m[1]);
    return this.names[(last > SHADOW_BASE ? last - SHADOW_BASE : last) - 1];
  }

  /**
   * In every server's namespace, its connections to a peer's port go to the proxy the harness
   * listens with for that (peer, port) instead: `proxies` maps "peer:port" to the proxy's port on
   * the peer's shadow. One table per namespace, written at once, before the servers start (a
   * connection made before it would bypass the proxies for good).
   */
  redirectPeers(proxies: ReadonlyMap<string, { peer: string; port: number; proxyPort: number }>): void {
    for (const from of this.names) {
      const rules = [...proxies.values()]
        .filter((p) => p.peer !== from)
        .map((p) => `    ip daddr ${this.addressOf(p.peer)} tcp dport ${p.port} dnat to ${this.shadowOf(p.peer)}:${p.proxyPort}`);
      const table = ['table ip lockstep {', '  chain peers {', '    type nat hook output priority -100; policy accept;', ...rules, '  }', '}', ''].join('\n');
      const r = spawnSync('ip', ['netns', 'exec', this.namespaceOf(from), 'nft', '-f', '-'], { input: table, encoding: 'utf8' });
      if (r.error || r.status !== 0) throw new Error(`nft in ${this.namespaceOf(from)}: ${(r.stderr || String(r.error)).trim()}`);
    }
  }

  /** The same process, started inside the server's namespace. */
  wrap(name: string, spec: ProcessSpec): ProcessSpec {
    return { ...spec, command: 'ip', args: ['netns', 'exec', this.namespaceOf(name), spec.command, ...spec.args] };
  }

  has(from: string, to: string): boolean {
    return from !== to && this.names.includes(from) && this.names.includes(to);
  }

  /**
   * Cuts from -> to until the returned undo; cuts of the same direction nest (the route goes when
   * the last one ends).
   */
  cut(from: string, to: string): () => void {
    const key = `${from}->${to}`;
    const n = this.cuts.get(key) ?? 0;
    if (n === 0) for (const addr of this.blackholed(to)) ip(['-n', this.namespaceOf(from), 'route', 'add', 'blackhole', `${addr}/32`]);
    this.cuts.set(key, n + 1);
    let undone = false;
    return () => {
      if (undone) return;
      undone = true;
      const left = (this.cuts.get(key) ?? 1) - 1;
      this.cuts.set(key, left);
      if (left === 0) for (const addr of this.blackholed(to)) tryIp(['-n', this.namespaceOf(from), 'route', 'del', 'blackhole', `${addr}/32`]);
    };
  }

  /** What a cut toward `to` blackholes: its own address, and its shadow (its proxied links). */
  private blackholed(to: string): string[] {
    return [this.addressOf(to), this.shadowOf(to)];
  }

  /** Every cut ends (the final heal). */
  healAll(): void {
    for (const [key, n] of this.cuts) {
      if (n === 0) continue;
      const [from, to] = key.split('->') as [string, string];
      for (const addr of this.blackholed(to)) tryIp(['-n', this.namespaceOf(from), 'route', 'del', 'blackhole', `${addr}/32`]);
    }
    this.cuts.clear();
  }

  /** Deletes the namespaces (their veths go with them) and the bridge. */
  destroy(): void {
    for (const name of this.names) tryIp(['netns', 'del', this.namespaceOf(name)]);
    tryIp(['link', 'del', bridgeName(this.k)]);
  }
}

function bridgeName(k: number): string {
  return `lockstep-br${k}`;
}
