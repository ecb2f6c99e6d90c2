/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * Builds the real cluster of a target in the run's folder and starts it: servers, then the
 * helpers (Sentinels), then waits until it serves.
 */
import type { LiveTarget } from './catalogue.js';
import { requireAll } from './binaries.js';
import type { ServerNetwork } from './netns.js';
import type { ProcessTable } from './processes.js';
import type { Links } from './proxy.js';
import { etcdCluster } from './servers/etcd.js';
import { redlockServers, sentinelCluster } from './servers/redis.js';
import type { LiveCluster } from './servers/types.js';
import { zookeeperCluster } from './servers/zookeeper.js';

export const READY_DEADLINE_MS = 45_000;

/**
 * The clusters whose servers dial each other: they run in namespaces when they can, so that cuts
 * between servers are real (Redis replicas could use a proxy, but Sentinel repoints them around it).
 */
export const PEERS_DIAL_EACH_OTHER: ReadonlySet<LiveTarget['cluster']> = new Set(['etcd', 'zookeeper', 'sentinel']);

export async function buildCluster(target: LiveTarget, dir: string, links: Links, net: ServerNetwork | null): Promise<LiveCluster> {
  const bin = requireAll(target.name, target.requires);
  switch (target.cluster) {
    case 'etcd':
      return etcdCluster(dir, target.servers, bin.etcd, net);
    case 'zookeeper':
      return zookeeperCluster(dir, target.servers, bin.java, true, net);
    case 'redlock':
      return redlockServers(dir, target.servers, bin.redis, bin.glibcMalloc);
    case 'sentinel':
      return sentinelCluster(
        dir,
        target.servers,
        { server: bin.redis, sentinel: bin.sentinel },
        bin.glibcMalloc,
        (replica, primaryPort) => links.proxy(replica, 'n1', { host: '127.0.0.1', port: primaryPort }),
        net,
      );
  }
}

/**
 * A proxy of ours on every port each server's peers dial, and the rules in every namespace that
 * send the servers' connections through them (live/netns.ts): set up before the servers start, so
 * that no link between servers bypasses them.
 */
export async function proxyServerLinks(cluster: LiveCluster, net: ServerNetwork, links: Links): Promise<void> {
  const names = cluster.servers.map((s) => s.name);
  const proxies = new Map<string, { peer: string; port: number; proxyPort: number }>();
  for (const s of cluster.servers) {
    for (const port of s.peerPorts ?? []) proxies.set(`${s.name}:${port}`, { peer: s.name, port, proxyPort: await links.peerProxy(s.name, port, names, net) });
  }
  net.redirectPeers(proxies);
}

export async function startCluster(cluster: LiveCluster, procs: ProcessTable): Promise<void> {
  for (const s of cluster.servers) procs.start(s.name, s.spec);
  // Sentinels watch a primary that already serves: they start once the servers are up.
  if (cluster.helpers.length === 0) return cluster.ready(READY_DEADLINE_MS);
  for (const h of cluster.helpers) procs.start(h.name, h.spec);
  if (cluster.helpers.length > 0) await cluster.ready(READY_DEADLINE_MS);
}
