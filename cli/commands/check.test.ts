/**
 * `lockstep check` as a Jepsen, Knossos or Porcupine user meets it: the built command in a child
 * process, on files written the way those tools write them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'lockstep.js');
const dir = mkdtempSync(join(tmpdir(), 'ls-check-'));

function file(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

function check(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, 'check', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const jsonl = (ops: object[]): string => ops.map((o, index) => JSON.stringify({ index, time: index * 10, ...o })).join('\n') + '\n';

describe('lockstep check on other tools\' files', () => {
  it('orders a Knossos history without :time by position, and says so', () => {
    const f = file('knossos.edn', '{:process 0, :type :invoke, :f :cas, :value [0 1]}\n{:process 0, :type :ok, :f :cas, :value [0 1]}\n{:process 1, :type :invoke, :f :read, :value nil}\n{:process 1, :type :ok, :f :read, :value 1}\n');
    const r = check(f, '--model', 'cas-register', '--initial', '0');
    expect(r.code).toBe(0);
    expect(r.out).toContain('real-time order is their order in the file');
    // Without --initial the register starts at nil, so the cas from 0 cannot have succeeded.
    expect(check(f, '--model', 'cas-register').code).toBe(1);
  });

  it('reads Porcupine\'s kv data (get/put/append with :key) as EDN', () => {
    const f = file('c01.txt', '{:process 0, :type :invoke, :f :append, :key "0", :value "x 0 0 y"}\n{:process 0, :type :ok, :f :append, :key "0", :value "x 0 0 y"}\n{:process 1, :type :invoke, :f :get, :key "0", :value nil}\n{:process 1, :type :ok, :f :get, :key "0", :value "x 0 0 y"}\n');
    const r = check(f, '--model', 'kv', '--format', 'edn');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^VALID/);
  });

  it('refuses an empty history in one line, exit 254', () => {
    const r = check(file('empty.edn', ''), '--model', 'register');
    expect(r.code).toBe(254);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('no operations');
  });

  it('names the limit that ended an undecided check, and the flag that raises it', () => {
    const ops: object[] = [];
    for (let p = 0; p < 16; p++) ops.push({ process: p, type: 'invoke', f: 'write', value: p % 3 });
    for (let p = 0; p < 16; p++) ops.push({ process: p, type: 'info', f: 'write', value: p % 3 });
    ops.push({ process: 99, type: 'invoke', f: 'read', value: null }, { process: 99, type: 'ok', f: 'read', value: 7 });
    const r = check(file('hard.jsonl', jsonl(ops)), '--model', 'register', '--max-steps', '100');
    expect(r.code).toBe(2);
    expect(r.out).toContain('raise it with --max-steps');
  });
});

describe('filters on lockstep\'s own mixed history', () => {
  const mixed = file(
    'history.jsonl',
    jsonl([
      { process: 0, type: 'invoke', f: 'acquire', value: null, key: 'L' },
      { process: 0, type: 'ok', f: 'acquire', value: { token: 1 }, key: 'L' },
      { process: 1, type: 'invoke', f: 'write', value: 1, key: 'a' },
      { process: 1, type: 'ok', f: 'write', value: 1, key: 'a' },
      { process: 1, type: 'invoke', f: 'read', value: null, key: 'b' },
      { process: 1, type: 'ok', f: 'read', value: 5, key: 'b' },
    ]),
  );

  it('--f and --key pick the part to judge again', () => {
    expect(check(mixed, '--model', 'kv', '--f', 'read,write', '--key', 'a').code).toBe(0);
    expect(check(mixed, '--model', 'kv', '--f', 'read,write', '--key', 'b').code).toBe(1);
    expect(check(mixed, '--model', 'kv').code).toBe(254); // acquire is no kv operation
    const none = check(mixed, '--model', 'kv', '--key', 'zz');
    expect([none.code, none.err.trim()]).toEqual([254, `lockstep: ${mixed}: no operations match --key zz (an empty history proves nothing)`]);
  });

  it('--checker locks judges the lock operations of the same file', () => {
    const r = check(mixed, '--checker', 'locks');
    expect(r.code).toBe(0);
    expect(r.out).toContain('mutual-exclusion: holds');
  });
});

describe('--checker locks on a Jepsen-shaped lock history', () => {
  it('two grants without a release in between: mutual exclusion VIOLATED, exit 1', () => {
    const f = file('locks.edn', '{:process 0, :type :invoke, :f :acquire, :value nil}\n{:process 0, :type :ok, :f :acquire, :value 1}\n{:process 1, :type :invoke, :f :acquire, :value nil}\n{:process 1, :type :ok, :f :acquire, :value 2}\n');
    const r = check(f, '--checker', 'locks');
    expect(r.code).toBe(1);
    expect(r.out).toContain('mutual-exclusion: VIOLATED');
  });
});
