/** One line per figure, with its ratio and budget; a broken budget is marked and counted. */
export const results = [];

const fmt = (x) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));

let current = '';

/**
 * Prints a figure. `ratio` is value / reference; `budget`, when given, is the largest ratio
 * allowed; `equals`, the exact value required.
 */
export function figure({ name, value, reference, ratio, budget, equals, note }) {
  let ok;
  if (budget !== undefined && ratio !== undefined) ok = ratio <= budget;
  if (equals !== undefined) ok = equals.actual === equals.expected;
  const parts = [`${name}: ${value}`];
  if (reference) parts.push(`vs ${reference}`);
  if (ratio !== undefined) parts.push(`= ×${fmt(ratio)}`);
  if (budget !== undefined) parts.push(`(budget ≤ ×${budget})`);
  if (equals !== undefined) parts.push(`(budget ${equals.expected})`);
  if (note) parts.push(`[${note}]`);
  const line = parts.join(' ') + (ok === false ? '  << OVER BUDGET' : '');
  console.log(line);
  results.push({ section: current, name, value, reference, ratio, budget, equals, ok, note });
  return ok;
}

export function section(title) {
  current = title.replace(/ \(.*$/s, '');
  console.log(`\n## ${title}`);
}
export const ms = (x) => `${fmt(x)} ms`;
export const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
export const mb = (x) => `${x.toFixed(0)} MB`;

/** A part that could not be measured: said loudly, and counted as a broken budget. */
export function failed(name, error) {
  const message = error instanceof Error ? error.message : String(error);
  console.log(`${name}: COULD NOT BE MEASURED: ${message.split('\n')[0]}  << FAILED`);
  if (error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  results.push({ section: current, name, value: 'not measured', ok: false, failure: message });
}

/** The middle half of the runs (25th–75th percentile), to show their spread. */
export function spread(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
  return `middle half ${fmt(at(25))}–${fmt(at(75))} ms`;
}
