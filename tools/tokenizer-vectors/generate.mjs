// Generates tests/vectors/tokenizer/generated.json: reference token ids from OpenAI's own engine
// (npm tiktoken, the Rust core compiled to WebAssembly) for a deterministic, seeded set of strings that
// stress the pre-tokenizer: random Unicode mixes, code, CJK, emoji sequences, white-space runs, CRLF,
// U+017F, U+FEFF, letters outside the BMP, long pieces and special-token text.
//
//   npm ci && node generate.mjs            (same seed, same file)
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { get_encoding } from "tiktoken";

const SEED = 20240601;
const here = dirname(fileURLToPath(import.meta.url));
const output = join(here, "..", "..", "tests", "vectors", "tokenizer", "generated.json");
const tiktokenVersion = JSON.parse(readFileSync(join(here, "node_modules", "tiktoken", "package.json"), "utf8")).version;

// mulberry32: small, deterministic, good enough to pick test material.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(SEED);
const int = (n) => Math.floor(random() * n);
const pick = (items) => items[int(items.length)];
const repeat = (n, f) => Array.from({ length: n }, f).join("");
const cp = (code) => String.fromCodePoint(code);
const range = (from, to) => () => cp(from + int(to - from + 1));

// Character pools, each a function returning one string (one or more code points).
const pools = {
  asciiLower: range(0x61, 0x7a),
  asciiUpper: range(0x41, 0x5a),
  digit: range(0x30, 0x39),
  punct: () => pick([..."!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"]),
  space: () => pick([" ", " ", " ", "  ", "\t", "\n", "\r\n", "\r", "\u00a0", "\u3000", "\u2028", "\u0085", "\u000b", "\u000c", "\u2003", "\u202f"]),
  latin1: range(0xc0, 0xff),
  latinExt: () => pick(["ſ", "ß", "İ", "ı", "ǅ", "ǈ", "ǋ", "ŉ", "ẞ", "ﬁ", "ﬀ", "Ǆ", "ǆ", "ʰ", "ª", "º"]),
  greek: range(0x391, 0x3c9),
  cyrillic: range(0x410, 0x44f),
  hebrew: range(0x5d0, 0x5ea),
  arabic: range(0x627, 0x64a),
  devanagari: () => pick(["क", "ख", "ग", "न", "म", "ि", "ी", "ु", "्", "ं", "ा", "े", "०", "५"]),
  thai: range(0xe01, 0xe3a),
  cjk: range(0x4e00, 0x9fff),
  hiragana: range(0x3041, 0x3096),
  katakana: () => pick(["ア", "イ", "ウ", "ー", "ヴ", "ン", "ッ", "々", "〆"]),
  hangul: range(0xac00, 0xd7a3),
  combining: () => pick(["\u0301", "\u0308", "\u0327", "\u20dd", "\u0489", "\u0903", "\u302a"]),
  format: () => pick(["\ufeff", "\u200b", "\u200c", "\u200d", "\u200e", "\u2060", "\u00ad"]),
  astralLetter: () => pick([range(0x1d400, 0x1d433), range(0x1d4d0, 0x1d4e9), range(0x20000, 0x2a6df), range(0x10400, 0x1044f), range(0x10330, 0x1034a), range(0x104b0, 0x104fb)])(),
  astralNumber: () => pick([range(0x1d7ce, 0x1d7ff), range(0x10107, 0x10133), range(0x1f100, 0x1f10c)])(),
  emoji: () => pick(["😀", "👍", "🌍", "🚀", "🎉", "❤️", "✅", "🔥", "🤖", "🧪", "☕", "🇺🇸", "🇯🇵", "🇩🇪"]),
  emojiSequence: () => pick([
    "👨\u200d👩\u200d👧\u200d👦", "👩\u200d💻", "🏳\ufe0f\u200d🌈", "👍🏽", "👋🏿", "🧑🏼\u200d🚀", "🤷\u200d♀\ufe0f",
    "1\ufe0f\u20e3", "#\ufe0f\u20e3", "👁\u200d🗨", "🫱🏻\u200d🫲🏿", "❤\ufe0f\u200d🔥", "🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}",
  ]),
  misc: () => pick(["€", "£", "¥", "©", "®", "™", "°", "±", "×", "÷", "→", "⇒", "∑", "∞", "≠", "≤", "…", "—", "–", "«", "»", "“", "”", "‘", "’", "•", "\ufffd", "\u0000", "\u007f", "\u0378"]),
};
const poolNames = Object.keys(pools);

const words = ["the", "The", "THE", "model", "Model", "token", "tokens", "tokenizer", "HTTPServer", "camelCase", "snake_case",
  "XMLHttpRequest", "iPhone", "McDonald", "naïve", "café", "Straße", "résumé", "über", "Ελληνικά", "русский", "日本語",
  "中文", "한국어", "עברית", "العربية", "हिन्दी", "ไทย", "don't", "I'm", "we'll", "they're", "you've", "she'd", "it's",
  "IT'S", "DON'T", "it'ſ", "I'ſ", "'s", "'S", "'ll", "'LL", "'Re", "'vE", "O'Neil", "rock'n'roll", "‘quoted’", "l'été"];

function randomMix(length) {
  let s = "";
  for (let i = 0; i < length; i++) s += pools[pick(poolNames)]();
  return s;
}

function prose(wordCount) {
  let s = "";
  for (let i = 0; i < wordCount; i++) {
    s += pick(words);
    const r = random();
    s += r < 0.6 ? " " : r < 0.7 ? ", " : r < 0.78 ? ". " : r < 0.84 ? "\n" : r < 0.88 ? "\r\n" : r < 0.92 ? "  " : r < 0.96 ? pools.space() : "";
  }
  return s;
}

const identifiers = ["value", "count", "i", "j", "userId", "HttpClient", "_cache", "MAX_SIZE", "tokenCount", "x1", "äpfel", "名前"];
function code() {
  const indent = pick(["    ", "  ", "\t", "        "]);
  const eol = pick(["\n", "\r\n"]);
  const id = () => pick(identifiers);
  const lines = [];
  const n = 3 + int(10);
  for (let k = 0; k < n; k++) {
    const depth = int(3);
    const pad = indent.repeat(depth);
    lines.push(pad + pick([
      () => `var ${id()} = ${int(100000)};`,
      () => `if (${id()} >= ${int(1000)} && ${id()} != null) {`,
      () => `}`,
      () => `return ${id()}.${id()}(${id()}, "${prose(2).trim()}");`,
      () => `// ${prose(3 + int(5)).trim()}`,
      () => `def ${id()}(${id()}, ${id()}=None):`,
      () => `for (int ${id()} = 0; ${id()} < ${int(64)}; ${id()}++)`,
      () => `{"${id()}": [${int(9)}, ${int(99)}.${int(99)}, true, null], "url": "https://example.com/${id()}?q=${int(9)}"}`,
      () => `SELECT ${id()}, COUNT(*) FROM t_${id()} WHERE ${id()} = '${pick(words)}' GROUP BY 1;`,
      () => `curl -sS -X POST https://api.example.com/v1/${id()} -H 'Content-Type: application/json' | jq .`,
      () => `${id()} := ${id()} << ${int(8)} | 0x${int(65535).toString(16).toUpperCase()} // ${pick(words)}`,
      () => `/* ${prose(4).trim()} */`,
      () => `<div class="${id()}">${prose(3).trim()}</div>`,
      () => `${"=".repeat(1 + int(40))}`,
      () => "",
    ])());
  }
  return lines.join(eol) + (random() < 0.5 ? eol : "");
}

function whitespaceRuns() {
  let s = "";
  const n = 2 + int(8);
  for (let i = 0; i < n; i++) {
    s += pick([
      () => " ".repeat(1 + int(200)),
      () => "\t".repeat(1 + int(20)),
      () => "\n".repeat(1 + int(20)),
      () => "\r\n".repeat(1 + int(10)),
      () => repeat(1 + int(12), () => pools.space()),
      () => pick(words),
      () => pools.punct(),
      () => pools.digit(),
      () => " \ufeff",
    ])();
  }
  return s;
}

function cjkText() {
  const parts = [pools.cjk, pools.hiragana, pools.katakana, pools.hangul, () => pick(["。", "、", "！", "？", "「", "」", "（", "）", " ", "\n", "1", "A"])];
  return repeat(5 + int(60), () => pick(parts)());
}

function emojiText() {
  return repeat(3 + int(15), () => pick([pools.emoji, pools.emojiSequence, () => " ", pools.asciiLower, () => pick(words), pools.combining])());
}

function longPiece() {
  return pick([
    () => repeat(130 + int(400), pools.asciiLower),
    () => repeat(100 + int(300), () => pick([pools.asciiLower, pools.asciiUpper])()),
    () => repeat(50 + int(200), pools.cjk),
    () => repeat(100 + int(300), pools.digit),
    () => repeat(100 + int(300), pools.punct),
    () => repeat(60 + int(100), () => pick(["ab", "cd", "ef", "aa", "ba", "é", "ß"])),
    () => "A" + repeat(200 + int(200), () => "b"),
    () => Buffer.from(repeat(100 + int(200), () => cp(int(256))), "latin1").toString("base64"),
    () => repeat(40 + int(60), pools.astralLetter),
    () => repeat(60 + int(60), pools.emojiSequence),
  ])();
}

function astral() {
  return repeat(3 + int(20), () => pick([pools.astralLetter, pools.astralNumber, pools.asciiLower, () => " ", pools.combining, () => "'s"])());
}

function longS() {
  return repeat(3 + int(10), () => pick(["'ſ", "'S", "'s", "ſ", "'t", "'T", "'ll", "'lL", "'Ve", "'re", "'d", "'m", "'M", "it", "IT", "Ab", " ", "x", "'", "''", "'ſt", "\u017f\u017f"]));
}

function bom() {
  return repeat(2 + int(8), () => pick(["\ufeff", "\ufeff// header", " \ufeff", "\n\ufeff", "word", "  ", "\ufeff\ufeff", "\u200b", "x\ufeffy"]));
}

function numbers() {
  return repeat(3 + int(10), () => pick([() => String(int(10 ** (1 + int(9)))), () => `${int(100)}.${int(1000)}`, () => "-" + int(99), () => " ", () => ",", () => "1,000,000", () => "٣٤٥", () => "Ⅻ", () => "½", () => "²³", pools.astralNumber])());
}

const specialTexts = ["<|endoftext|>", "<|endofprompt|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|im_start|>", "<|", "|>", "<|endoftext", "endoftext|>"];
function special() {
  return repeat(2 + int(8), () => pick([() => pick(specialTexts), () => pick(words), () => " ", () => "\n", pools.punct])());
}

const generators = [
  ["mix", () => randomMix(1 + int(40)), 70],
  ["prose", () => prose(3 + int(40)), 50],
  ["code", code, 50],
  ["whitespace", whitespaceRuns, 40],
  ["cjk", cjkText, 25],
  ["emoji", emojiText, 25],
  ["long", longPiece, 25],
  ["astral", astral, 20],
  ["long-s", longS, 20],
  ["bom", bom, 20],
  ["numbers", numbers, 15],
  ["special-text", special, 20],
];

const encodings = ["o200k_base", "cl100k_base"].map((name) => [name, get_encoding(name)]);
const vectors = [];
for (const [kind, make, n] of generators) {
  for (let k = 0; k < n; k++) {
    const text = make();
    for (const [name, enc] of encodings) {
      const ids = Array.from(enc.encode_ordinary(text));
      vectors.push({ kind, string: text, encoding: name, ids });
      if (kind === "special-text") {
        vectors.push({ kind, string: text, encoding: name, allowedSpecial: "all", ids: Array.from(enc.encode(text, "all")) });
      }
    }
  }
}
for (const [, enc] of encodings) enc.free();

// One vector per line keeps the file reviewable and diffs small.
const lines = vectors.map((v) => " " + JSON.stringify(v));
const json = `{\n "generator": "tiktoken@${tiktokenVersion} (WASM, OpenAI Rust core) via tools/tokenizer-vectors/generate.mjs",\n "seed": ${SEED},\n "vectors": [\n${lines.join(",\n")}\n ]\n}\n`;
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, json);
console.log(`${vectors.length} vectors -> ${output}`);
