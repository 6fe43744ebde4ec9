import { UsageError } from "./usage.js";

export async function run(_args: string[]): Promise<number> {
  throw new UsageError("imr check is not built yet");
}
