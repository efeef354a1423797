// Reads the per-analyzer timing table csc prints with -p:ReportAnalyzer=true (at -v:detailed) and
// prints a Markdown summary: total analyzer time, the LlmOps analyzers' total and share, and the
// slowest single analyzer that ships with the SDK.
// Usage: node report.mjs <build.log> [buildWallMs]
import { readFileSync } from "node:fs";

const [logPath, wallMs] = process.argv.slice(2);
const lines = readFileSync(logPath, "utf8").split(/\r?\n/);

const start = lines.findIndex((l) => l.includes("Total analyzer execution time:"));
if (start < 0) {
  console.error("no analyzer timing in the log: was the build run with -p:ReportAnalyzer=true -v:detailed?");
  process.exit(1);
}
const total = Number(lines[start].match(/time: ([\d.]+) seconds/)[1]);

// "<0.001" is below csc's resolution: counted as zero.
const row = /^\s*(<?[\d.]+)\s+(<?\d+)\s+(.+?)\s*$/;
const seconds = (s) => (s.startsWith("<") ? 0 : Number(s));
const assemblies = [];
for (const line of lines.slice(start + 1)) {
  // Assemblies are separated by blank lines; the table ends at csc's notes or the generator table.
  if (/NOTE:|Total generator execution time|Done executing task/.test(line)) break;
  const m = line.match(row);
  if (!m) continue;
  const [, time, , name] = m;
  if (name.includes(", Version=")) {
    assemblies.push({ name: name.split(",")[0], time: seconds(time), analyzers: [] });
  } else if (assemblies.length > 0) {
    assemblies.at(-1).analyzers.push({ name, time: seconds(time) });
  }
}

const isOurs = (a) => a.name.startsWith("LlmOps.Guardrails.");
const ours = assemblies.filter(isOurs);
const oursTotal = ours.reduce((s, a) => s + a.time, 0);
const builtIn = assemblies.filter((a) => !isOurs(a)).flatMap((a) => a.analyzers.map((x) => ({ ...x, assembly: a.name })));
builtIn.sort((x, y) => y.time - x.time);
const slowest = builtIn[0];
const fmt = (s) => s.toFixed(3);
const pct = (s) => (total > 0 ? ((100 * s) / total).toFixed(2) + " %" : "n/a");

const out = [];
out.push("| measure | seconds | share of analyzer time |", "| --- | ---: | ---: |");
out.push(`| all analyzers (csc "Total analyzer execution time") | ${fmt(total)} | 100 % |`);
for (const a of assemblies) out.push(`| assembly \`${a.name}\` | ${fmt(a.time)} | ${pct(a.time)} |`);
out.push(`| **LlmOps analyzers, total** | **${fmt(oursTotal)}** | **${pct(oursTotal)}** |`);
if (slowest) out.push(`| slowest single SDK analyzer: \`${slowest.name.split(".").at(-1)}\` | ${fmt(slowest.time)} | ${pct(slowest.time)} |`);
if (wallMs) out.push(`| \`dotnet build\` wall time (restore excluded) | ${fmt(Number(wallMs) / 1000)} | |`);
out.push("", "LlmOps analyzers, one by one:", "", "| analyzer | seconds |", "| --- | ---: |");
for (const x of ours.flatMap((a) => a.analyzers)) out.push(`| \`${x.name.split(".").at(-1)}\` | ${fmt(x.time)} |`);
out.push("", "Five slowest SDK analyzers:", "", "| analyzer | seconds |", "| --- | ---: |");
for (const x of builtIn.slice(0, 5)) out.push(`| \`${x.name.split(".").at(-1)}\` | ${fmt(x.time)} |`);
out.push("");
// Which target applies depends on the project: the dense one (2,000 call sites) must stay below the slowest SDK
// analyzer, the realistic one (about 20 call sites in 1,000 files) at most 3 % of analyzer time (docs/benchmarks.md).
out.push(`Targets: LlmOps total < slowest single SDK analyzer (dense project): ${slowest && oursTotal < slowest.time ? "met" : "MISSED"}; ` +
  `LlmOps share <= 3 % (realistic-density project): ${total > 0 && oursTotal / total <= 0.03 ? "met" : "MISSED"}.`);
console.log(out.join("\n"));
