/**
 * The unique-index lock as a system under test, written against the contract alone (no simulator
 * import): one database process and a client library in every client process, each client's
 * handle following it across restarts, and the database's grants and releases reported to the
 * harness as typed events.
 */
import { followRestarts } from '../../contract/follow.js';
import { EventHub, type ClientNotice } from '../../contract/events.js';
import type { ProcessClock, SystemBuilder } from '../../contract/system.js';
import type { NodeId } from '../../env.js';
import { UniqueIndexLockClient, type UniqueIndexClientOptions } from './client.js';
import { UniqueIndexDatabase, type ExpiryStamp } from './database.js';

/** The database's process id. */
export const DATABASE_ID = 'db';

export interface UniqueIndexSystemOptions {
  expiry: ExpiryStamp;
  client: Omit<UniqueIndexClientOptions, 'database'>;
  /** A client's designed clock (a standing wall-clock offset, say). */
  clientClock?(id: NodeId): ProcessClock | undefined;
}

export function uniqueIndexLockSystem(o: UniqueIndexSystemOptions): SystemBuilder<'try-lock-ttl'> {
  return (host) => {
    host.spawn({ id: DATABASE_ID, role: 'server', fsync: 'always', start: (env) => new UniqueIndexDatabase(env, o.expiry, host.events) });
    const notices = new Map<NodeId, EventHub<ClientNotice>>();
    for (const id of host.clients) {
      const hub = new EventHub<ClientNotice>();
      notices.set(id, hub);
      const clock = o.clientClock?.(id);
      host.spawn({ id, role: 'client', ...(clock ? { clock } : {}), start: (env) => new UniqueIndexLockClient(env, { ...o.client, database: DATABASE_ID }, hub) });
    }
    return {
      servers: [DATABASE_ID],
      client: (id) => followRestarts(['try-lock-ttl'], () => host.running<UniqueIndexLockClient>(id), notices.get(id)!),
      leader: () => (host.running(DATABASE_ID) ? DATABASE_ID : null),
    };
  };
}
