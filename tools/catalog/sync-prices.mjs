// Copies prices from the genai-prices database into the built-in catalog (models.yaml), keeping every
// curated field (kinds, aliases, limits, lifecycle dates, comments) as it is.
//
//   node sync-prices.mjs [--catalog <models.yaml>] [--genai <genai-prices dir>] [--check]
//   node sync-prices.mjs --update-reference <genai-prices checkout> [--catalog <models.yaml>]
//
// The prices are read from the pinned copy of genai-prices in the repository (tests/vectors/genai-prices), so a
// clone syncs, checks and tests against the same snapshot with nothing outside the repository. --update-reference
// first replaces that copy with the given checkout's data.json, LICENSE and the provider files read here, then syncs.
//
// For each model it finds the genai-prices model that calcPrice would use for the same id and provider,
// and writes `prices` in the catalog's schema (USD per million tokens; tiers; start-date history; daily
// windows). genai-prices has one cache-write price: it becomes cache_write_5m, and for Anthropic a
// cache_write_1h at twice the input price (Anthropic's published rule, tier for tier). An alias whose
// price equals its snapshot's gets no `prices` of its own (it inherits them). An OpenAI snapshot whose
// fine-tunes genai-prices prices differently gets `fine_tuned_prices`. `prices_checked` is the date
// genai-prices last checked that model against the provider's price page. Mistral's `*-latest` aliases always
// inherit their snapshot's price: genai-prices prices those names as earlier snapshots.
//
// --check changes nothing and exits 1 when the catalog is out of step (for CI).
import { readFileSync, writeFileSync, existsSync, mkdirSync, copyFileSync, chmodSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument, parse as parseYaml, YAMLMap, YAMLSeq, isMap } from 'yaml';
import { findModel, providerIds } from './genai-match.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const catalogPath = resolve(option('--catalog', join(here, '../../core/LlmOps.Guardrails.Core/Catalog/Data/models.yaml')));
const referenceDir = resolve(here, '../../tests/vectors/genai-prices');
const updateFrom = option('--update-reference', null);
const genaiDir = resolve(option('--genai', referenceDir));
const check = args.includes('--check');

if (updateFrom !== null) {
  if (check) {
    console.error('--update-reference writes the pinned copy; it cannot be combined with --check.');
    process.exit(2);
  }
  copyReference(resolve(updateFrom), referenceDir);
}

const data = JSON.parse(readFileSync(join(genaiDir, 'data.json'), 'utf8'));
const checkedDates = loadCheckedDates(genaiDir);
const original = readFileSync(catalogPath, 'utf8');
const doc = parseDocument(original);
const problems = [];

for (const item of doc.get('models').items) {
  const id = item.get('id');
  const provider = item.get('provider');
  if (!(provider in providerIds)) continue; // only the providers genai-prices is the price source for
  // Mistral's *-latest names follow the current snapshot, but genai-prices prices them (or not at all) as earlier
  // snapshots; they take their snapshot's price, as every alias does when nothing says otherwise.
  const followsSnapshot = provider === 'mistral' && item.get('kind') === 'alias' && /-latest$/.test(id);
  const source = findModel(data, provider, followsSnapshot ? item.get('resolves_to') : id);
  if (!source) {
    problems.push(`${provider}/${id}: genai-prices has no price for this id`);
    continue;
  }

  const prices = toCatalogPrices(source.prices, provider);
  let inherits = followsSnapshot;
  if (item.get('kind') === 'alias' && !followsSnapshot) {
    const snapshot = findModel(data, provider, item.get('resolves_to'));
    inherits = snapshot !== null && JSON.stringify(toCatalogPrices(snapshot.prices, provider)) === JSON.stringify(prices);
  }

  if (inherits) {
    item.delete('prices_checked');
    item.delete('prices');
  } else {
    const checked = checkedDates.get(`${providerIds[provider]}/${source.id}`);
    if (checked) item.set('prices_checked', checked);
    item.set('prices', toNode(prices));
  }

  // OpenAI bills fine-tuned inference at its own rates for some bases; calcPrice knows them as ft: models.
  if (provider === 'openai' && item.get('kind') === 'snapshot') {
    const fineTune = findModel(data, provider, `ft:${id}:org::sync`);
    if (fineTune && fineTune !== source) item.set('fine_tuned_prices', toNode(toCatalogPrices(fineTune.prices, provider)));
    else item.delete('fine_tuned_prices');
  }
}

if (problems.length) {
  console.error(`Not priced by genai-prices (fix the id or drop the model):\n  ${problems.join('\n  ')}`);
  process.exit(2);
}

const updated = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
if (check) {
  if (updated !== original) {
    console.error(`${catalogPath} is out of step with ${genaiDir}; run: node tools/catalog/sync-prices.mjs`);
    process.exit(1);
  }
  console.log('Catalog prices match genai-prices.');
} else {
  writeFileSync(catalogPath, updated);
  console.log(updated === original ? 'No price changes.' : `Prices updated in ${catalogPath}`);
}

function toCatalogPrices(prices, provider) {
  if (!Array.isArray(prices)) return convert(prices, provider);
  return prices.map((period) => {
    const converted = convert(period.prices, provider);
    const c = period.constraint;
    if (!c) return converted;
    if (c.start_date) return { start_date: c.start_date, ...converted };
    if (c.start_time) return { daily_window: { from: clock(c.start_time), until: clock(c.end_time) }, ...converted };
    throw new Error(`Unknown genai-prices constraint ${JSON.stringify(c)}`);
  });
}

function convert(p, provider) {
  const out = {};
  if (p.input_mtok !== undefined) out.input = p.input_mtok;
  if (p.cache_read_mtok !== undefined) out.cached_input = p.cache_read_mtok;
  if (p.cache_write_mtok !== undefined) {
    out.cache_write_5m = p.cache_write_mtok;
    // Anthropic: a 1-hour cache write costs twice the base input price.
    if (provider === 'anthropic') out.cache_write_1h = scale(p.input_mtok, 2);
  }
  if (p.output_mtok !== undefined) out.output = p.output_mtok;
  if (p.requests_kcount !== undefined) out.per_1k_requests = p.requests_kcount;
  out.input ??= 0;
  out.output ??= 0;
  return out;
}

function round(x) {
  return Math.round(x * 1e9) / 1e9;
}

function scale(price, factor) {
  if (typeof price === 'number') return round(price * factor);
  return { base: round(price.base * factor), tiers: price.tiers.map((t) => ({ start: t.start, price: round(t.price * factor) })) };
}

// "00:30:00Z" -> "00:30"; the catalog's daily windows are UTC by definition.
function clock(time) {
  const m = /^(\d{2}):(\d{2})(?::(\d{2}))?Z?$/.exec(time);
  if (!m) throw new Error(`Unsupported time of day ${time}`);
  return m[3] && m[3] !== '00' ? `${m[1]}:${m[2]}:${m[3]}` : `${m[1]}:${m[2]}`;
}

// Tiered prices and daily windows read best on one line each.
function toNode(prices) {
  const node = doc.createNode(prices);
  const flowInner = (map) => {
    for (const pair of map.items) {
      if (!isMap(pair.value)) continue;
      pair.value.flow = true;
      // Quote times of day: YAML 1.1 readers take a plain 16:30 for the base-60 number 990.
      if (pair.key.value === 'daily_window') for (const time of pair.value.items) time.value.type = 'QUOTE_DOUBLE';
    }
  };
  if (node instanceof YAMLSeq) node.items.forEach(flowInner);
  else if (node instanceof YAMLMap) flowInner(node);
  return node;
}

// The pinned copy holds what this script and the tests read (data.json, the provider files of the providers above)
// and genai-prices' licence, which must travel with its data; nothing else of the checkout.
function copyReference(from, to) {
  const data = join(from, 'data.json');
  const licence = join(from, 'LICENSE');
  for (const required of [data, licence]) {
    if (!existsSync(required)) {
      console.error(`${required} is missing: --update-reference takes a genai-prices checkout's data folder (data.json, LICENSE, providers/).`);
      process.exit(2);
    }
  }
  rmSync(to, { recursive: true, force: true });
  mkdirSync(join(to, 'providers'), { recursive: true });
  // A checkout may be read-only; the copy must stay writable for the next refresh.
  const copy = (source, target) => {
    copyFileSync(source, target);
    chmodSync(target, 0o644);
  };
  copy(data, join(to, 'data.json'));
  copy(licence, join(to, 'LICENSE'));
  for (const genaiId of Object.values(providerIds)) {
    const name = `${genaiId.replace(/-/g, '_')}.yml`;
    if (existsSync(join(from, 'providers', name))) copy(join(from, 'providers', name), join(to, 'providers', name));
  }
  writeFileSync(join(to, 'README.md'), referenceReadme(new Date().toISOString().slice(0, 10)));
  console.log(`Pinned genai-prices copy refreshed in ${to}`);
}

function referenceReadme(date) {
  return `# genai-prices reference data (pinned copy)

A copy of Pydantic's [genai-prices](https://github.com/pydantic/genai-prices) price database, MIT licensed
(see LICENSE here and THIRD-PARTY-NOTICES.md), copied into the repository on ${date}. The built-in
catalog's prices are copied from it (\`tools/catalog/sync-prices.mjs\`), and the Core tests check every
catalog price against it.

Do not edit these files. Refresh them from a genai-prices checkout's data folder with:

    cd tools/catalog && npm ci && node sync-prices.mjs --update-reference <genai-prices>/prices

then run the Core tests and review the catalog diff.
`;
}

function loadCheckedDates(dir) {
  const dates = new Map();
  const providersDir = join(dir, 'providers');
  for (const genaiId of Object.values(providerIds)) {
    const file = join(providersDir, `${genaiId.replace(/-/g, '_')}.yml`);
    if (!existsSync(file)) continue;
    const parsed = parseYaml(readFileSync(file, 'utf8'));
    for (const model of parsed.models ?? []) {
      if (model.prices_checked) dates.set(`${genaiId}/${model.id}`, String(model.prices_checked).slice(0, 10));
    }
  }
  return dates;
}
