// Measures warm, single-threaded token-counting throughput of npm tiktoken (OpenAI's Rust engine compiled to
// WebAssembly) and gpt-tokenizer on the corpus, then sets the C# figures next to them and checks that all three
// count the same number of tokens.
//
//   node bench.mjs <corpus> <csharp-results.json>
// The C# results come from `dotnet run -c Release --project ../LlmOps.Guardrails.Benchmarks -- tokenizer-sidebyside <corpus>`.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { get_encoding } from "tiktoken";
import * as gptO200k from "gpt-tokenizer/encoding/o200k_base";
import * as gptCl100k from "gpt-tokenizer/encoding/cl100k_base";

const WARMUP_RUNS = 2;
const WARMUP_MS = 2000;
const RUNS = 5;
const [corpusPath, csharpPath] = process.argv.slice(2);
if (!corpusPath || !csharpPath) {
  console.error("usage: node bench.mjs <corpus> <csharp-results.json>");
  process.exit(2);
}

const here = dirname(fileURLToPath(import.meta.url));
const versionOf = (name) => JSON.parse(readFileSync(join(here, "node_modules", name, "package.json"), "utf8")).version;
const text = readFileSync(corpusPath, "utf8");
const megabytes = Buffer.byteLength(text) / 1e6;
const csharp = JSON.parse(readFileSync(csharpPath, "utf8"));

function measure(count) {
  let tokens = 0;
  const warmupStart = performance.now();
  for (let i = 0; i < WARMUP_RUNS || performance.now() - warmupStart < WARMUP_MS; i++) tokens = count();
  const seconds = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const n = count();
    seconds.push((performance.now() - start) / 1000);
    if (n !== tokens) throw new Error("count changed between runs");
  }
  seconds.sort((a, b) => a - b);
  const median = seconds[Math.floor(RUNS / 2)];
  return { tokens, medianSeconds: median, mbPerSecond: megabytes / median };
}

const noSpecial = { disallowedSpecial: new Set() };
const rows = [];
let disagreements = 0;
for (const [name, gpt] of [["o200k_base", gptO200k], ["cl100k_base", gptCl100k]]) {
  const wasm = get_encoding(name);
  const tiktoken = measure(() => wasm.encode_ordinary(text).length);
  wasm.free();
  const gptTokenizer = measure(() => gpt.countTokens(text, noSpecial));
  const ours = csharp.results.find((r) => r.encoding === name);
  const agree = ours.tokens === tiktoken.tokens && gptTokenizer.tokens === tiktoken.tokens;
  if (!agree) disagreements++;
  rows.push({ name, ours, tiktoken, gptTokenizer, agree });
}

const fixed = (x, d = 1) => x.toFixed(d);
console.log(`corpus: ${corpusPath}, ${Buffer.byteLength(text).toLocaleString("en-US")} bytes (MB = 10^6 bytes), median of ${RUNS} warm runs each`);
console.log(`node ${process.version}, tiktoken ${versionOf("tiktoken")}, gpt-tokenizer ${versionOf("gpt-tokenizer")}, ${csharp.runtime}`);
console.log("");
console.log("| encoding | LlmOps CountTokens MB/s | tiktoken (WASM) MB/s | gpt-tokenizer MB/s | vs tiktoken | vs gpt-tokenizer | tokens (ours / tiktoken / gpt-tokenizer) | agree |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |");
for (const r of rows) {
  console.log(`| ${r.name} | ${fixed(r.ours.mbPerSecond)} | ${fixed(r.tiktoken.mbPerSecond)} | ${fixed(r.gptTokenizer.mbPerSecond)} | ` +
    `${fixed(r.ours.mbPerSecond / r.tiktoken.mbPerSecond)}x | ${fixed(r.ours.mbPerSecond / r.gptTokenizer.mbPerSecond)}x | ` +
    `${r.ours.tokens} / ${r.tiktoken.tokens} / ${r.gptTokenizer.tokens} | ${r.agree ? "yes" : "NO"} |`);
}

console.log("");
console.log("| encoding | first use (load + SHA-256 + first count), ms, fresh processes |");
console.log("| --- | --- |");
for (const f of csharp.firstUse ?? []) {
  console.log(`| ${f.encoding} | ${f.milliseconds.map((m) => fixed(m)).join(", ")} (max ${fixed(Math.max(...f.milliseconds))}) |`);
}

if (disagreements > 0) {
  console.log("");
  console.log(`DISAGREEMENT: ${disagreements} encoding(s) where the three counts differ (see the table).`);
  process.exitCode = 1;
}
