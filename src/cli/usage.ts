import { parseArgs, type ParseArgsConfig } from "node:util";

/** A mistake in how the command was called: exit status 2 with the message on stderr. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** `util.parseArgs`, with its errors turned into usage errors. */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
