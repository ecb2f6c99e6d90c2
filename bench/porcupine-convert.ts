/**
 * Porcupine's etcd test logs (`test_data/jepsen/etcd_*.log`, Jepsen's log lines of an etcd
 * cas-register test) as Jepsen EDN histories that `lockstep check` and Knossos read.
 *
 * A line is `INFO  jepsen.util - <process> <:type> <:f> <value>`. Ops that timed out are written
 * `:info` with `:error :timed-out`: their outcome is unknown (a read that timed out is logged as
 * `:fail`, but Porcupine, like Knossos, treats it as unknown too; for a read it makes no
 * difference). Lines of any other shape are not ops and are skipped.
 */

const LINE = /^INFO\s+jepsen\.util\s+-\s+(\d+)\s+:(invoke|ok|fail|info)\s+:([a-z-]+)\s+(.*?)\s*$/;

export function convertJepsenLog(text: string): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (m === null) continue;
    const [, process, type, f, value] = m as unknown as [string, string, string, string, string];
    if (value === ':timed-out') out.push(`{:process ${process}, :type :info, :f :${f}, :value nil, :error :timed-out}`);
    else out.push(`{:process ${process}, :type :${type}, :f :${f}, :value ${value}}`);
  }
  return out.join('\n') + '\n';
}
