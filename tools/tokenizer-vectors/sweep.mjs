// Writes reference encodings of every Unicode scalar value, each in several contexts chosen to expose its
// character class to the pre-tokenizer (letter case, mark, number, white space, contractions, prefixes),
// as JSON Lines: {"encoding", "string", "ids"} per line, 2,048 code points per string. About 1 GB; not committed.
//
//   node sweep.mjs /tmp/tokenizer-sweep.jsonl
//   dotnet run -c Release --project bench/LlmOps.Guardrails.Benchmarks -- tokenizer-verify /tmp/tokenizer-sweep.jsonl
import { closeSync, openSync, writeSync } from "node:fs";
import { get_encoding } from "tiktoken";

const output = process.argv[2] ?? "/tmp/tokenizer-sweep.jsonl";
const contexts = [
  (c) => `${c}'s x${c}X${c}1${c}12 ${c}${c}a.\u00a0${c}A\n`,
  (c) => `Ab${c}cD${c}\u0301 \u0301${c}'${c}A${c}'ll\t${c}x${c}'\u017f${c}ǅ${c}ʰ!${c}a\r\n ${c} \n`,
];
const encodings = ["o200k_base", "cl100k_base"].map((name) => [name, get_encoding(name)]);
const fd = openSync(output, "w");
let lines = 0;
for (const context of contexts) {
  for (let base = 0; base < 0x110000; base += 2048) {
    let text = "";
    for (let code = base; code < base + 2048; code++) {
      if (code < 0xd800 || code > 0xdfff) text += context(String.fromCodePoint(code));
    }
    for (const [name, encoding] of encodings) {
      writeSync(fd, JSON.stringify({ encoding: name, string: text, ids: Array.from(encoding.encode_ordinary(text)) }) + "\n");
      lines++;
    }
  }
}
closeSync(fd);
console.log(`${lines} lines -> ${output}`);
