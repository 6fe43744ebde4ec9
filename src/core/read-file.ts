/**
 * The file-reading edge of the core: a path to an inspection, with a file
 * that cannot be read turned into an `unreadable` failure like any bad input.
 */
import { readFile } from "node:fs/promises";
import { failure, inspectDocument, sha256, type Inspection, type ProcessOptions } from "./process.js";
import type { Result } from "../record/schema.js";

export async function inspectFile(path: string, options: ProcessOptions = {}): Promise<Inspection> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const result = failure({ path, sha256: sha256(new Uint8Array()) }, "unreadable", `The file could not be read (${reason}); check the path and its permissions.`);
    return { result, raw: null, normalized: null };
  }
  return inspectDocument(bytes, path, options);
}

export async function processFile(path: string, options: ProcessOptions = {}): Promise<Result> {
  return (await inspectFile(path, options)).result;
}
