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

/** `util.parseArgs`, with its errors turned into usage errors. */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
