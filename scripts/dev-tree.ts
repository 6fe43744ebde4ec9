// Development aid: print the section tree of one document (text file or /tmp text dump).
import { readFileSync } from "node:fs";
import { normalizeText } from "../src/normalize/index.js";
import { parseSections } from "../grammar/index.js";
const n = normalizeText(readFileSync(process.argv[2]!, "utf8"));
const { tree, lexErrors, parseErrors } = parseSections(n.text);
const show = (l: any) => l.type === "part" ? `  [${l.label}] ${l.lines.map((x: any) => x.segments.map((s: any) => s.text).join(" | ")).join(" / ").slice(0, 100)}` : `  ${l.marker ? "#" + (l.marker.value ?? "-") + " " : ""}${l.label ? "<" + l.label.name + "> " : ""}${l.segments.map((s: any) => (s.kind === "text" ? "" : s.kind + "=") + s.text).join(" | ").slice(0, 100)}${l.outcome ? " => " + l.outcome.value : ""}`;
console.log("PREAMBLE"); tree.preamble.forEach((l) => console.log(show(l)));
for (const s of tree.sections) { console.log(`SECTION ${s.heading}: ${show(s.headingLine)}`); s.body.forEach((l) => console.log(show(l))); }
console.log("lexErrors", lexErrors.length, "parseErrors", parseErrors.length, parseErrors.slice(0, 3).map((e) => e.message));
