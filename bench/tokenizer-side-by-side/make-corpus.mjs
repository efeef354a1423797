// Builds the benchmark corpus: about 5 MB (5,242,880 bytes) of English and code found on the machine,
// in a deterministic order. English: .md/.txt files under /usr/share/doc and the .NET SDK folder;
// code: .py files of the Python standard library, .cs files under the .NET SDK folder.
// Files that are not valid UTF-8 are skipped. 60% of the budget goes to English, 40% to code.
//
//   node make-corpus.mjs <output-file>
// Prints a JSON line: path, bytes, chars, English bytes, sha256 (the corpus differs between machines;
// the hash says whether two runs measured the same text).
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const TOTAL_BYTES = 5 * 1024 * 1024;
const ENGLISH_BYTES = Math.floor(TOTAL_BYTES * 0.6);
const output = process.argv[2] ?? "/tmp/llmops-tokenizer-corpus.txt";

function walk(root, extensions, found = []) {
  if (!existsSync(root)) return found;
  let entries;
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) walk(path, extensions, found);
    else if (entry.isFile() && extensions.some((e) => entry.name.endsWith(e))) found.push(path);
  }
  return found;
}

// Byte-wise path order, independent of locale.
const byPath = (a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b)));
const dotnetRoot = ["/usr/share/dotnet", "/usr/lib/dotnet", process.env.DOTNET_ROOT].find((p) => p && existsSync(p));
const englishFiles = [...walk("/usr/share/doc", [".md", ".txt"]), ...(dotnetRoot ? walk(dotnetRoot, [".md", ".txt"]) : [])].sort(byPath);
const pythonRoot = readdirSync("/usr/lib").filter((d) => /^python3\.\d+$/.test(d)).sort().map((d) => join("/usr/lib", d))[0];
const codeFiles = [...(pythonRoot ? walk(pythonRoot, [".py"]) : []), ...(dotnetRoot ? walk(dotnetRoot, [".cs"]) : [])].sort(byPath);

const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
function take(files, budget) {
  const parts = [];
  let used = 0;
  for (const file of files) {
    if (used >= budget) break;
    if (statSync(file).size === 0) continue;
    let text;
    try {
      text = strict.decode(readFileSync(file));
    } catch {
      continue; // not UTF-8
    }
    const bytes = Buffer.byteLength(text) + 1;
    if (used + bytes > budget) {
      // Cut on a code point boundary so the corpus stays valid UTF-8.
      let cut = "";
      for (const ch of text) {
        const size = Buffer.byteLength(ch);
        if (used + size > budget) break;
        cut += ch;
        used += size;
      }
      parts.push(cut);
      break;
    }
    parts.push(text + "\n");
    used += bytes;
  }
  return parts.join("");
}

const english = take(englishFiles, ENGLISH_BYTES);
const englishBytes = Buffer.byteLength(english);
const code = take(codeFiles, TOTAL_BYTES - englishBytes);
const corpus = english + code;
const buffer = Buffer.from(corpus, "utf8");
writeFileSync(output, buffer);
console.log(JSON.stringify({
  path: output,
  bytes: buffer.length,
  chars: corpus.length,
  englishBytes,
  englishChars: english.length,
  englishFiles: englishFiles.length,
  codeFiles: codeFiles.length,
  sha256: createHash("sha256").update(buffer).digest("hex"),
}));
