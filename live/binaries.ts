/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * The programs and files each live target needs, where Debian puts them, and the one command
 * that installs what is missing.
 */
import { existsSync } from 'node:fs';
import { libfaketimePath } from './faketime.js';
import { GLIBC_MALLOC_CANDIDATES } from './servers/redis.js';
import { ZOOKEEPER_JAR } from './servers/zookeeper.js';

export interface Requirement {
  /** What it is, as a user would name it. */
  what: string;
  /** The Debian package that provides it. */
  apt: string;
  /** Where it was found, or null. */
  find(): string | null;
}

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(':')) {
    const p = `${dir}/${name}`;
    if (dir && existsSync(p)) return p;
  }
  return null;
}

export const REQUIREMENTS = {
  etcd: { what: 'etcd (binary)', apt: 'etcd-server', find: () => onPath('etcd') },
  java: { what: 'java (a JRE)', apt: 'default-jre-headless', find: () => onPath('java') },
  zookeeper: { what: `ZooKeeper (${ZOOKEEPER_JAR})`, apt: 'zookeeper', find: () => (existsSync(ZOOKEEPER_JAR) ? ZOOKEEPER_JAR : null) },
  redis: { what: 'redis-server (binary)', apt: 'redis-server', find: () => onPath('redis-server') },
  sentinel: { what: 'redis-sentinel (binary)', apt: 'redis-sentinel', find: () => onPath('redis-sentinel') },
  faketime: { what: 'libfaketime', apt: 'faketime', find: () => libfaketimePath() },
  glibcMalloc: { what: 'glibc malloc (libc_malloc_debug.so.0)', apt: 'libc6', find: () => GLIBC_MALLOC_CANDIDATES.find((p) => existsSync(p)) ?? null },
} satisfies Record<string, Requirement>;

export type RequirementName = keyof typeof REQUIREMENTS;

export function missing(names: readonly RequirementName[]): Requirement[] {
  return names.map((n) => REQUIREMENTS[n]).filter((r) => r.find() === null);
}

export function installCommand(reqs: readonly Requirement[]): string {
  return `apt-get install -y ${[...new Set(reqs.map((r) => r.apt))].join(' ')}`;
}

/** A server program is missing: exit 254 with this one line. */
export class MissingBinaryError extends Error {
  override name = 'MissingBinaryError';
}

export function requireAll(target: string, names: readonly RequirementName[]): Record<RequirementName, string> {
  const lacking = missing(names);
  if (lacking.length > 0) {
    throw new MissingBinaryError(`live target ${target} needs ${lacking.map((r) => r.what).join(', ')}, which is not installed; install it with: ${installCommand(lacking)}`);
  }
  const found = {} as Record<RequirementName, string>;
  for (const n of names) found[n] = REQUIREMENTS[n].find()!;
  return found;
}
