import { readFileSync } from "node:fs";
import { normalizeText } from "../src/normalize/index.js";
const f = process.argv[2]!;
const n = normalizeText(readFileSync(f, "utf8"));
console.log(n.text);
console.error(n.furniture);
