// Generates reference vectors for the cost engine with @pydantic/genai-prices' calcPrice.
//
// Prices come from the same genai-prices snapshot the catalog is built from (passed to calcPrice as a
// custom provider), so a vector checks our arithmetic, not a difference between two price snapshots.
// The snapshot has no 1-hour cache-write price; where the package's bundled data has one for the same
// model, it is added, because the catalog prices 1-hour writes too.
//
// Usage: node generate.mjs <catalog models.yaml> <genai-prices data.json> <output.json>
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { parse } from 'yaml';
import { calcPrice } from '@pydantic/genai-prices';
import { matches, providerIds } from '../catalog/genai-match.mjs';

const [catalogPath, dataPath, outputPath] = process.argv.slice(2);
if (!catalogPath || !dataPath || !outputPath) {
  console.error('usage: node generate.mjs <models.yaml> <data.json> <output.json>');
  process.exit(2);
}

const shared = JSON.parse(readFileSync(dataPath, 'utf8'));
const bundled = loadBundledProviders();

// Deterministic PRNG (mulberry32) so the committed vectors regenerate byte for byte.
let seed = 0x5eed1234;
function random() {
  seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const between = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));

function catalogModels(path) {
  const doc = parse(readFileSync(path, 'utf8'));
  const found = [];
  (function walk(node) {
    if (Array.isArray(node)) { node.forEach(walk); return; }
    if (node && typeof node === 'object') {
      if (typeof node.id === 'string' && typeof node.provider === 'string') { found.push({ id: node.id, provider: node.provider }); return; }
      Object.values(node).forEach(walk);
    }
  })(doc);
  return found;
}

function loadBundledProviders() {
  // The package's default export data is not exported directly; calcPrice tells us the matched model.
  return (providerId, modelId) => {
    const hit = calcPrice({ input_tokens: 1, output_tokens: 1 }, modelId, { providerId });
    return hit?.model ?? null;
  };
}

function withOneHourWrites(provider, modelId) {
  const clone = structuredClone(provider);
  const bundledModel = bundled(provider.id, modelId);
  if (!bundledModel) return clone;
  const sharedModel = clone.models.find((m) => matches(m.match, modelId));
  if (!sharedModel) return clone;
  const oneHour = firstOneHourPrice(bundledModel.prices);
  if (oneHour === undefined) return clone;
  const periods = Array.isArray(sharedModel.prices) ? sharedModel.prices.map((p) => p.prices) : [sharedModel.prices];
  for (const prices of periods) {
    if (prices.cache_write_mtok !== undefined && prices.cache_write_1h_mtok === undefined) {
      prices.cache_write_1h_mtok = scaleLike(prices.input_mtok, 2);
    }
  }
  return clone;
}

function firstOneHourPrice(prices) {
  const list = Array.isArray(prices) ? prices.map((p) => p.prices) : [prices];
  for (const p of list) if (p.cache_write_1h_mtok !== undefined) return p.cache_write_1h_mtok;
  return undefined;
}

// Anthropic prices one-hour cache writes at twice the base input price, tier for tier.
function scaleLike(price, factor) {
  if (typeof price === 'number') return round(price * factor);
  return { base: round(price.base * factor), tiers: price.tiers.map((t) => ({ start: t.start, price: round(t.price * factor) })) };
}
const round = (x) => Math.round(x * 1e9) / 1e9;

function historyInstants(model) {
  const instants = ['2026-11-24T12:00:00Z'];
  if (!Array.isArray(model.prices)) return instants;
  for (const period of model.prices) {
    const c = period.constraint;
    if (c?.start_date) {
      const start = new Date(`${c.start_date}T00:00:00Z`);
      instants.push(new Date(start.getTime() - 1000).toISOString(), start.toISOString());
    }
    if (c?.start_time) instants.push('2026-11-24T01:00:00Z', '2026-11-24T20:00:00Z', '2026-11-24T00:30:00Z', '2026-11-24T16:30:00Z');
  }
  return [...new Set(instants)];
}

function hasTiers(model) {
  const list = Array.isArray(model.prices) ? model.prices.map((p) => p.prices) : [model.prices];
  return list.some((p) => Object.values(p).some((v) => typeof v === 'object'));
}

function usageShapes(provider, model) {
  const shapes = [];
  const input = between(200, 60000);
  shapes.push({ kind: 'plain', input, output: between(1, 4000) });
  const cachedInput = between(2000, 120000);
  shapes.push({ kind: 'cached-read', input: cachedInput, cachedRead: between(1, cachedInput - 1), output: between(1, 2000) });
  const writeInput = between(5000, 150000);
  const write5m = between(1000, Math.floor(writeInput / 2));
  shapes.push({ kind: 'cache-write', input: writeInput, cachedRead: between(0, writeInput - write5m), cacheWrite5m: write5m, output: between(1, 1500) });
  const output = between(500, 30000);
  shapes.push({ kind: 'reasoning', input: between(100, 20000), output, reasoning: between(1, output) });
  if (provider.id === 'anthropic') {
    const i = between(10000, 150000); const w1 = between(1000, Math.floor(i / 3)); const w5 = between(0, Math.floor(i / 3));
    shapes.push({ kind: 'cache-write-1h', input: i, cachedRead: between(0, i - w1 - w5), cacheWrite5m: w5, cacheWrite1h: w1, output: between(1, 1000) });
  }
  if (hasTiers(model)) {
    const i = between(200001, 900000);
    shapes.push({ kind: 'long-context', input: i, cachedRead: between(0, Math.floor(i / 2)), output: between(1, 8000) });
    shapes.push({ kind: 'tier-boundary', input: 200000, output: 1000 });
  }
  return shapes;
}

function toGenAiUsage(u) {
  const usage = { input_tokens: u.input, output_tokens: u.output };
  if (u.cachedRead) usage.cache_read_tokens = u.cachedRead;
  const writes = (u.cacheWrite5m ?? 0) + (u.cacheWrite1h ?? 0);
  if (writes) usage.cache_write_tokens = writes;
  if (u.cacheWrite1h) usage.cache_write_1h_tokens = u.cacheWrite1h;
  return usage;
}

const vectors = [];
const skipped = [];
for (const { id, provider: ourProvider } of catalogModels(catalogPath)) {
  const providerId = providerIds[ourProvider];
  const provider = shared.find((p) => p.id === providerId);
  const model = provider?.models.find((m) => matches(m.match, id));
  if (!provider || !model) { skipped.push(`${ourProvider}/${id}`); continue; }
  const priced = withOneHourWrites(provider, id);
  // The same usage shapes at every instant, so a price change shows as a change in the expected cost.
  const shapes = usageShapes(provider, model);
  for (const at of historyInstants(model)) {
    for (const shape of shapes) {
      const result = calcPrice(toGenAiUsage(shape), id, { provider: priced, timestamp: new Date(at) });
      if (!result) { skipped.push(`${ourProvider}/${id}@${at}`); continue; }
      vectors.push({
        model: id,
        provider: ourProvider,
        genai_prices_model: result.model.id,
        at,
        kind: shape.kind,
        usage: {
          input: shape.input,
          cached_read: shape.cachedRead ?? 0,
          cache_write_5m: shape.cacheWrite5m ?? 0,
          cache_write_1h: shape.cacheWrite1h ?? 0,
          output: shape.output,
          reasoning: shape.reasoning ?? 0,
        },
        expected_usd: { input: result.input_price, output: result.output_price, total: result.total_price },
      });
    }
  }
}

const header = {
  generator: 'tools/pricing-vectors/generate.mjs',
  reference: '@pydantic/genai-prices@0.1.8 calcPrice, with prices from the genai-prices snapshot the catalog is built from',
  count: vectors.length,
};
const temp = `${outputPath}.tmp`;
writeFileSync(temp, JSON.stringify({ ...header, vectors }, null, 1) + '\n');
renameSync(temp, outputPath);
console.log(`${vectors.length} vectors written to ${outputPath}`);
if (skipped.length) console.log(`not in genai-prices (no vector): ${skipped.join(', ')}`);
