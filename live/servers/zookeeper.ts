/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * A real ZooKeeper ensemble (Debian's zookeeper on a headless JRE) on loopback, or each server in a
 * network namespace of the run (live/netns.ts): servers n1..nN,
 * free ports, data in the run's folder, a 200 ms tick so that short sessions (from 400 ms) are
 * allowed. The JVM reads time through libc, so each server runs under its own libfaketime clock.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeClock } from '../faketime.js';
import type { ServerNetwork } from '../netns.js';
import { freePorts } from '../ports.js';
import { ask, waitFor } from './probe.js';
import type { LiveCluster, ServerNode } from './types.js';

export const ZOOKEEPER_JAR = '/usr/share/java/zookeeper.jar';

export async function zookeeperCluster(dir: string, size: number, java: string, fakeClocks: boolean, net: ServerNetwork | null): Promise<LiveCluster> {
  const ports = await freePorts(size * 3);
  const names = Array.from({ length: size }, (_, i) => `n${i + 1}`);
  const host = (i: number): string => net?.addressOf(names[i]!) ?? '127.0.0.1';
  const members = names.map((_, i) => `server.${i + 1}=${host(i)}:${ports[size + i]}:${ports[2 * size + i]}`);
  const servers: ServerNode[] = names.map((name, i) => {
    const data = join(dir, name);
    mkdirSync(join(data, 'data'), { recursive: true });
    writeFileSync(join(data, 'data', 'myid'), `${i + 1}\n`);
    const cfg = join(data, 'zoo.cfg');
    writeFileSync(
      cfg,
      [
        'tickTime=200',
        'initLimit=25',
        'syncLimit=10',
        `dataDir=${join(data, 'data')}`,
        `clientPort=${ports[i]}`,
        `clientPortAddress=${host(i)}`,
        'minSessionTimeout=400',
        'maxSessionTimeout=60000',
        'admin.enableServer=false',
        '4lw.commands.whitelist=ruok,srvr',
        'forceSync=yes',
        ...members,
        '',
      ].join('\n'),
    );
    const clock = fakeClocks ? new FakeClock(join(data, 'faketime')) : undefined;
    const spec = {
      command: java,
      args: ['-Xmx128m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Dzookeeper.log.dir=' + data, '-cp', ZOOKEEPER_JAR, 'org.apache.zookeeper.server.quorum.QuorumPeerMain', cfg],
      logFile: join(data, 'log'),
      ...(clock ? { env: clock.env() } : {}),
    };
    return { name, host: host(i), port: ports[i]!, peerPorts: [ports[size + i]!, ports[2 * size + i]!], ...(clock ? { clock } : {}), spec: net ? net.wrap(name, spec) : spec };
  });
  return {
    servers,
    helpers: [],
    async ready(deadlineMs) {
      for (const s of servers) {
        await waitFor(`ZooKeeper server ${s.name}`, deadlineMs, async () => /Mode: (leader|follower)/.test(await ask(s.port, 'srvr', s.host)));
      }
    },
  };
}
