/**
 * Exit codes (docs/cli.md). 0–3 say what happened to the thing asked for; 4, 5 and 64 say
 * the CLI could not ask: scripts can tell "the workflow failed" from "the key is wrong".
 */
export const EXIT = {
  ok: 0,
  /** An execution failed; `validate` found errors; `apply` could not apply a file. */
  failed: 1,
  /** An execution ended `timed_out` or `canceled`. */
  stopped: 2,
  /** `run` stopped waiting (`--timeout`) while the execution is still queued or running. */
  stillRunning: 3,
  /** The server answered with an error (4xx/5xx: bad key, not found, refused definition…). */
  api: 4,
  /** The server could not be reached. */
  unreachable: 5,
  /** Bad command line, not logged in, or a local file that can't be read (EX_USAGE). */
  usage: 64,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error that ends the command with a message and a chosen exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
