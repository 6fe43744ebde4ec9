import { parseArgs, type ParseArgsConfig } from "node:util";

/** A mistake in how the command was called: exit status 2 with the message on stderr. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The `--timeout MS` option of the single-file commands: undefined when not given. */
export function timeoutOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Number(text);
  if (!(ms > 0)) throw new UsageError(`--timeout takes a positive number of milliseconds, not "${text}"`);
  return ms;
}

/** `--help` or `-h` was given: `imr` prints `text` on stdout and exits 0. */
export class HelpRequested extends Error {
  override name = "HelpRequested";
  constructor(readonly text: string) {
    super("help requested");
  }
}

/**
 * `util.parseArgs`, with its errors turned into usage errors, and `--help` /
 * `-h` (before any `--`) answered with the command's `help` text.
 */
export function parseCommandLine<T extends ParseArgsConfig>(config: T, help: string): ReturnType<typeof parseArgs<T>> {
  const args = config.args ?? [];
  const end = args.indexOf("--");
  if (args.slice(0, end < 0 ? undefined : end).some((arg) => arg === "--help" || arg === "-h")) throw new HelpRequested(help);
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
