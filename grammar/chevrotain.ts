/**
 * Chevrotain, loaded from the single-file build its package ships
 * (`lib/chevrotain.mjs`) rather than from its package entry. The entry
 * imports lodash-es module by module, some 600 files, which took ~190 ms of
 * every worker's and every CLI command's start; the single file loads in
 * ~10 ms. It is the same release's code, bundled by Chevrotain itself.
 *
 * The package's `exports` do not list that file, so it is found beside the
 * entry; where it is missing (a future layout), the entry is loaded instead.
 * Every runtime use of Chevrotain goes through this module, so tokens, lexer
 * and parser all come from one copy of it; types still come from "chevrotain".
 */
import { createRequire } from "node:module";
import { access } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

type Chevrotain = typeof import("chevrotain");

async function load(): Promise<Chevrotain> {
  // the entry is <package>/lib/src/api.js; the single file is <package>/lib/chevrotain.mjs
  const bundle = join(dirname(createRequire(import.meta.url).resolve("chevrotain")), "..", "chevrotain.mjs");
  try {
    await access(bundle);
  } catch {
    return import("chevrotain");
  }
  return (await import(pathToFileURL(bundle).href)) as Chevrotain;
}

const chevrotain = await load();

export const { createToken, CstParser, EOF, Lexer } = chevrotain;
