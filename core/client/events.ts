/**
 * The library's listeners: the contract's one event hub, for the library's notices. A hub created
 * outside the client process and passed in through the options keeps its subscriptions when the
 * process crashes and a new library is built on restart.
 */
import { EventHub } from '../contract/events.js';
import type { LockClientEvent } from './api.js';

/** The hub of a client's session and belief notices. */
export class ClientEvents extends EventHub<LockClientEvent> {}
