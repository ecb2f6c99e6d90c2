/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * A real etcd cluster (Debian's etcd-server) on loopback, or each member in a network namespace of
 * the run (live/netns.ts) so that cuts between members are real: members n1..nN, free ports, data
 * in the run's folder. A restarted member comes back on its own data folder and ports.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerNetwork } from '../netns.js';
import { freePorts } from '../ports.js';
import { httpGet, waitFor } from './probe.js';
import type { LiveCluster, ServerNode } from './types.js';

export async function etcdCluster(dir: string, size: number, binary: string, net: ServerNetwork | null): Promise<LiveCluster> {
  const ports = await freePorts(size * 2);
  const names = Array.from({ length: size }, (_, i) => `n${i + 1}`);
  const host = (i: number): string => net?.addressOf(names[i]!) ?? '127.0.0.1';
  const peer = (i: number): string => `http://${host(i)}:${ports[size + i]}`;
  const initialCluster = names.map((n, i) => `${n}=${peer(i)}`).join(',');
  const servers: ServerNode[] = names.map((name, i) => {
    const data = join(dir, name);
    mkdirSync(data, { recursive: true });
    const client = `http://${host(i)}:${ports[i]}`;
    const spec = {
      command: binary,
      args: [
        '--name', name,
        '--data-dir', join(data, 'data'),
        '--listen-client-urls', client,
        '--advertise-client-urls', client,
        '--listen-peer-urls', peer(i),
        '--initial-advertise-peer-urls', peer(i),
        '--initial-cluster', initialCluster,
        '--initial-cluster-state', 'new',
        '--initial-cluster-token', `lockstep-${ports[0]}`,
        '--heartbeat-interval', '100',
        '--election-timeout', '1000',
        '--log-level', 'warn',
      ],
      logFile: join(data, 'log'),
    };
    return { name, host: host(i), port: ports[i]!, peerPorts: [ports[size + i]!], spec: net ? net.wrap(name, spec) : spec };
  });
  return {
    servers,
    helpers: [],
    async ready(deadlineMs) {
      for (const s of servers) {
        await waitFor(`etcd member ${s.name}`, deadlineMs, async () => (await httpGet(s.port, '/health', s.host)).includes('"health":"true"'));
      }
    },
  };
}
