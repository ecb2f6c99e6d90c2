/**
 * Writes histories the way a person tells them: "p1 invokes write 3, p1 ok, p2 invokes read...".
 * Each event gets the next index and a time 10 ns after the previous one unless told otherwise.
 */
import type { Op, ProcessId } from '../../history.js';

export class HistoryBuilder {
  readonly ops: Op[] = [];
  private readonly open = new Map<ProcessId, { f: string; key: string | undefined; value: unknown }>();
  private clock = 0;

  /** Sets the time of the next event. */
  at(time: number): this {
    this.clock = time;
    return this;
  }

  invoke(process: ProcessId, f: string, value: unknown = null, key?: string): this {
    this.open.set(process, { f, key, value });
    return this.push(process, 'invoke', f, value, key);
  }

  ok(process: ProcessId, value?: unknown): this {
    return this.complete(process, 'ok', value);
  }

  info(process: ProcessId, value?: unknown): this {
    return this.complete(process, 'info', value);
  }

  fail(process: ProcessId, value?: unknown): this {
    return this.complete(process, 'fail', value);
  }

  /** An invoke immediately followed by its ok. */
  call(process: ProcessId, f: string, value: unknown, result?: unknown, key?: string): this {
    return this.invoke(process, f, value, key).ok(process, result === undefined ? value : result);
  }

  private complete(process: ProcessId, type: 'ok' | 'info' | 'fail', value: unknown): this {
    const started = this.open.get(process);
    if (!started) throw new Error(`process ${String(process)} has nothing open`);
    this.open.delete(process);
    return this.push(process, type, started.f, value === undefined ? started.value : value, started.key);
  }

  private push(process: ProcessId, type: Op['type'], f: string, value: unknown, key: string | undefined): this {
    const op: Op = { index: this.ops.length, process, type, f, value, time: this.clock };
    if (key !== undefined) op.key = key;
    this.ops.push(op);
    this.clock += 10;
    return this;
  }
}

export function history(): HistoryBuilder {
  return new HistoryBuilder();
}
