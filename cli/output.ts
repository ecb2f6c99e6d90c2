/** How the command writes to stdout: JSON error documents, and a reader that went away. */

/** Whether the command line asks for JSON output (before a `--` that ends the options). */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

/** The document a `--json` caller gets on stdout when the command fails. */
export function errorDocument(exit: number, message: string): string {
  return JSON.stringify({ error: { exit, kind: exit === 254 ? 'bad-input' : 'crash', message } });
}

/**
 * `lockstep list | head` closes the pipe early: like any Unix tool, stop writing and exit
 * quietly, instead of dying on EPIPE with a stack trace.
 */
export function quietOnClosedStdout(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
