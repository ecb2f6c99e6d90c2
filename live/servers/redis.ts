/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * Real Redis servers (Debian's redis-server) on loopback, each under its own libfaketime clock:
 * - five independent servers for Redlock;
 * - one primary, replicas and three Sentinels (seed 001's asynchronous failover). As root each
 *   server runs in a network namespace of the run (live/netns.ts) and the replication link is cut
 *   there; otherwise each replica dials its primary through a proxy of the run. The proxy can be
 *   bypassed: a Sentinel that sees a replica follow an address other than the one it monitors
 *   repoints it at the real one (+fix-slave-config), after which a held link holds nothing. That
 *   race made the ack-then-die story flaky on loopback; the namespaces have no such detour.
 * No persistence: a killed server comes back empty, as one that had not fsynced would.
 *
 * Debian's Redis allocates with jemalloc, which asks for the time while libfaketime is still
 * starting and deadlocks it; preloading glibc's own malloc (libc_malloc_debug) first avoids that.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeClock, libfaketimePath } from '../faketime.js';
import type { ServerNetwork } from '../netns.js';
import { freePorts } from '../ports.js';
import { ask, waitFor } from './probe.js';
import type { LiveCluster, ServerNode } from './types.js';

export const GLIBC_MALLOC_CANDIDATES = ['/usr/lib/x86_64-linux-gnu/libc_malloc_debug.so.0', '/usr/lib/aarch64-linux-gnu/libc_malloc_debug.so.0', '/lib/x86_64-linux-gnu/libc_malloc_debug.so.0'];

function fakeClockEnv(clock: FakeClock, glibcMalloc: string): Record<string, string> {
  const env = clock.env();
  return { ...env, LD_PRELOAD: `${glibcMalloc}:${libfaketimePath()}` };
}

function redisNode(dir: string, name: string, port: number, binary: string, glibcMalloc: string, extra: string[], net: ServerNetwork | null = null): ServerNode {
  const data = join(dir, name);
  mkdirSync(data, { recursive: true });
  const clock = new FakeClock(join(data, 'faketime'));
  const host = net?.addressOf(name) ?? '127.0.0.1';
  const spec = {
    command: binary,
    args: ['--port', String(port), '--bind', host, '--save', '', '--appendonly', 'no', '--dir', data, '--protected-mode', 'no', ...extra],
    logFile: join(data, 'log'),
    env: fakeClockEnv(clock, glibcMalloc),
  };
  return { name, host, port, clock, spec: net ? net.wrap(name, spec) : spec };
}

async function pong(node: { host: string; port: number }): Promise<boolean> {
  return (await ask(node.port, 'PING\r\n', node.host)).startsWith('+PONG');
}

export async function redlockServers(dir: string, size: number, binary: string, glibcMalloc: string): Promise<LiveCluster> {
  const ports = await freePorts(size);
  const servers = ports.map((port, i) => redisNode(dir, `n${i + 1}`, port, binary, glibcMalloc, []));
  return {
    servers,
    helpers: [],
    async ready(deadlineMs) {
      for (const s of servers) await waitFor(`redis-server ${s.name}`, deadlineMs, () => pong(s));
    },
  };
}

export const SENTINEL_GROUP = 'lockstep';

/**
 * A primary n1 with replicas n2..nN and three Sentinels. In the run's namespaces (`net`) a replica
 * dials n1's own address; otherwise `replicaPort(replica)` is the proxy port it dials, which the
 * harness creates before it starts the replicas. The Sentinels run outside the namespaces: they
 * are not fault targets.
 */
export async function sentinelCluster(
  dir: string,
  size: number,
  binaries: { server: string; sentinel: string },
  glibcMalloc: string,
  replicaPort: (replica: string, primaryPort: number) => Promise<number>,
  net: ServerNetwork | null,
): Promise<LiveCluster> {
  const ports = await freePorts(size + 3);
  const primaryPort = ports[0]!;
  const primaryHost = net?.addressOf('n1') ?? '127.0.0.1';
  const servers: ServerNode[] = [];
  for (let i = 0; i < size; i++) {
    const name = `n${i + 1}`;
    // Sentinel needs the replicas to announce their real address, not the proxy's peer address
    // (in the namespaces a primary sees its replicas dial from their shadows: every server, a
    // replica after a failover, announces its own).
    const extra =
      net
        ? [...(i === 0 ? [] : ['--replicaof', primaryHost, String(primaryPort)]), '--replica-announce-ip', net.addressOf(name)]
        : i === 0
          ? []
          : ['--replicaof', '127.0.0.1', String(await replicaPort(name, primaryPort)), '--replica-announce-ip', '127.0.0.1', '--replica-announce-port', String(ports[i])];
    // Any server may be a primary after a failover, and its replicas dial its one port.
    servers.push({ ...redisNode(dir, name, ports[i]!, binaries.server, glibcMalloc, extra, net), peerPorts: [ports[i]!] });
  }
  const helpers: ServerNode[] = [0, 1, 2].map((k) => {
    const name = `s${k + 1}`;
    const port = ports[size + k]!;
    const data = join(dir, name);
    mkdirSync(data, { recursive: true });
    const conf = join(data, 'sentinel.conf');
    writeFileSync(
      conf,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        // Sentinels find each other through the primary's hello channel, where each announces the
        // address it reached the primary from: the harness's bridge address when the servers run
        // in namespaces, where no Sentinel listens. They then could not reach each other, never
        // agreed that the primary was down (no +odown) and never failed over.
        'sentinel announce-ip 127.0.0.1',
        `dir ${data}`,
        `sentinel monitor ${SENTINEL_GROUP} ${primaryHost} ${primaryPort} 2`,
        `sentinel down-after-milliseconds ${SENTINEL_GROUP} 500`,
        `sentinel failover-timeout ${SENTINEL_GROUP} 2000`,
        `sentinel parallel-syncs ${SENTINEL_GROUP} 2`,
        '',
      ].join('\n'),
    );
    return { name, host: '127.0.0.1', port, spec: { command: binaries.sentinel, args: [conf], logFile: join(data, 'log') } };
  });
  return {
    servers,
    helpers,
    ...(net ? {} : { replicaLinks: servers.slice(1).map((s) => ({ replica: s.name, primary: 'n1' })) }),
    async ready(deadlineMs) {
      for (const s of servers) await waitFor(`redis-server ${s.name}`, deadlineMs, () => pong(s));
      await waitFor('the replicas of n1', deadlineMs, async () => {
        const info = await ask(primaryPort, 'INFO replication\r\n', primaryHost);
        return new RegExp(`connected_slaves:${size - 1}`).test(info);
      });
      for (const h of helpers) {
        await waitFor(`redis-sentinel ${h.name}`, deadlineMs, async () => (await ask(h.port, `SENTINEL replicas ${SENTINEL_GROUP}\r\n`)).split('slave').length > size - 1);
      }
    },
  };
}
