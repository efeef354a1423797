// Which genai-prices model prices a given model id: the same resolution @pydantic/genai-prices' calcPrice
// performs for a provider (first model whose match rule holds, then the same id with its date written
// YYYY-MM-DD). Kept separate so the sync script and any future checks agree on it.

/** Our provider ids, and the genai-prices provider each one is priced from. */
export const providerIds = { openai: 'openai', anthropic: 'anthropic', google: 'google', mistral: 'mistral', deepseek: 'deepseek', xai: 'x-ai' };

export function matches(clause, id) {
  const s = id.toLowerCase();
  if ('or' in clause) return clause.or.some((c) => matches(c, id));
  if ('and' in clause) return clause.and.every((c) => matches(c, id));
  if ('equals' in clause) return s === clause.equals.toLowerCase();
  if ('starts_with' in clause) return s.startsWith(clause.starts_with.toLowerCase());
  if ('ends_with' in clause) return s.endsWith(clause.ends_with.toLowerCase());
  if ('contains' in clause) return s.includes(clause.contains.toLowerCase());
  if ('regex' in clause) return new RegExp(clause.regex).test(id);
  return false;
}

// calcPrice retries "-20250929" as "-2025-09-29" when nothing matched the id as written.
const compactDate = /(-)(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=-|:|$)/g;

export function findModel(data, ourProvider, id) {
  const provider = data.find((p) => p.id === providerIds[ourProvider]);
  if (!provider) return null;
  const direct = provider.models.find((m) => matches(m.match, id.toLowerCase().trim()));
  if (direct) return direct;
  const dashed = id.replace(compactDate, (_, dash, y, m, d) => `${dash}${y}-${m}-${d}`);
  return dashed === id ? null : provider.models.find((m) => matches(m.match, dashed)) ?? null;
}
