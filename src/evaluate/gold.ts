/**
 * Gold records on disk: a folder of `<id>.gold.json` files, where `<id>` is
 * the name of the document (without extension) the record describes.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

export const GOLD_SUFFIX = ".gold.json";

/**
 * Reads every `<id>.gold.json` in `dir` into a map from id to the parsed
 * record. Throws when the folder cannot be read or a file is not JSON: a
 * broken gold set would silently skew every figure.
 */
export async function readGoldDir(dir: string): Promise<Map<string, unknown>> {
  const golds = new Map<string, unknown>();
  for (const name of await readdir(dir)) {
    if (!name.endsWith(GOLD_SUFFIX)) continue;
    const file = join(dir, name);
    const text = await readFile(file, "utf8");
    try {
      golds.set(name.slice(0, -GOLD_SUFFIX.length), JSON.parse(text));
    } catch (error) {
      throw new Error(`${file} is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return golds;
}
