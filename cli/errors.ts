/** Exit codes of the command's contract (Jepsen's, plus bad input and crash). */
export const EXIT = {
  valid: 0,
  invalid: 1,
  unknown: 2,
  badInput: 254,
  crash: 255,
} as const;

/** Bad arguments or bad input: reported in one line, exit 254, never a stack trace. */
export class BadInputError extends Error {
  override name = 'BadInputError';
}

export function exitCodeFor(valid: boolean | 'unknown'): number {
  return valid === true ? EXIT.valid : valid === false ? EXIT.invalid : EXIT.unknown;
}
