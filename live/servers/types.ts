/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * A real server of a live run, as the harness drives it: how to start it (again, on the same data
 * folder and ports), where clients reach it, and how to tell that it serves.
 */
import type { ProcessSpec } from '../processes.js';
import type { FakeClock } from '../faketime.js';

export interface ServerNode {
  name: string;
  host: string;
  /** The port clients use (proxied per client by the harness). */
  port: number;
  spec: ProcessSpec;
  /** Present when the server runs under libfaketime (clock faults reach it). */
  clock?: FakeClock;
  /**
   * The ports its peers dial (etcd's peer port, ZooKeeper's quorum and election ports, Redis's
   * port for replicas): in the run's namespaces these links go through proxies of ours.
   */
  peerPorts?: number[];
}

export interface LiveCluster {
  /** The servers the schedule may name (n1, n2, ...). */
  servers: ServerNode[];
  /** Helper processes that belong to the cluster but are not fault targets (Redis Sentinels). */
  helpers: ServerNode[];
  /** Resolves when every server answers as a member of a working cluster; rejects at the deadline. */
  ready(deadlineMs: number): Promise<void>;
  /** Replication links a replica dials (Redis): proxied by the harness, then started. */
  replicaLinks?: { replica: string; primary: string }[];
}
