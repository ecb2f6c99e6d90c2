/**
 * Files made under the library's session, as a ZooKeeper-style recipe uses them: a lock is a file
 * created exclusively, and unlocking is deleting it.
 */
import { describe, expect, it } from 'vitest';
import { SEC } from '../../sim/time.js';
import type { CreateFileResult, DeleteFileResult, ReadFileResult } from './api.js';
import { ClientWorld } from './testing/client-world.js';

const PATH = '/ls/task';

function create(w: ClientWorld, id: string, content: string, ephemeral = true): CreateFileResult {
  return w.await(w.call<CreateFileResult>((cb) => w.lib(id).createFile(PATH, { ephemeral, content }, cb)));
}

describe('namespace files under the session', () => {
  it('a second exclusive create is refused until the first is deleted', () => {
    const w = new ClientWorld({ clients: ['c1', 'c2'] });
    const first = create(w, 'c1', 'owner-a');
    expect(first).toEqual({ ok: true, session: w.lib('c1').sessionId, instance: expect.any(Number) });
    expect(create(w, 'c2', 'owner-b')).toEqual({ ok: false, error: 'exists' });
    expect(w.await(w.call<ReadFileResult>((cb) => w.lib('c1').readFile(PATH, cb)))).toEqual({ ok: true, content: 'owner-a', version: 1 });
    expect(w.await(w.call<DeleteFileResult>((cb) => w.lib('c1').deleteFile(PATH, cb)))).toEqual({ ok: true });
    const second = create(w, 'c2', 'owner-b');
    expect(second.ok && first.ok && second.instance > first.instance).toBe(true);
  });

  it('only the session that made a file reads or deletes it here', () => {
    const w = new ClientWorld({ clients: ['c1', 'c2'] });
    create(w, 'c1', 'owner-a');
    create(w, 'c2', 'owner-b');
    expect(w.await(w.call<DeleteFileResult>((cb) => w.lib('c2').deleteFile(PATH, cb)))).toEqual({ ok: false, error: 'not-open' });
    expect(w.lib('c1').createFile('no spaces', {}, (r) => expect(r).toEqual({ ok: false, error: 'bad-path' }))).toBeUndefined();
  });

  it('an ephemeral file goes with its session; a permanent one stays', () => {
    for (const ephemeral of [true, false]) {
      const w = new ClientWorld({ clients: ['c1', 'c2'] });
      create(w, 'c1', 'owner-a', ephemeral);
      w.world.crash('c1', 'clean');
      w.world.runFor(3 * SEC);
      expect(create(w, 'c2', 'owner-b')).toMatchObject({ ok: ephemeral, ...(ephemeral ? {} : { error: 'exists' }) });
    }
  });
});
