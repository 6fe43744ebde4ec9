import { readFileSync } from "node:fs";
import { normalizeText } from "../src/normalize/index.js";
import { tokenize } from "../grammar/lexer.js";
const n = normalizeText(readFileSync(process.argv[2]!, "utf8"));
const { tokens, errors } = tokenize(n.text);
let line: string[] = [];
for (const t of tokens) { if (t.tokenType.name === "Newline") { console.log(line.join(" ")); line = []; } else line.push(t.tokenType.name === "Text" ? JSON.stringify(t.image).slice(0, 50) : `<${t.tokenType.name}:${t.image.slice(0,20)}>`); }
console.log(line.join(" "));
console.error(errors.slice(0,5));
