import type { ReadinessInput, ReadinessItem } from '@/lib/registration/readiness';
import { localeWarnings } from '@/lib/wizard/listing-limits';
import { counted } from '@/lib/text';

/** Step 2's readiness: at least one language, and the texts' advised lengths. */
export function infoChecks(input: ReadinessInput): ReadinessItem[] {
  const items: ReadinessItem[] = [];
  const add = (item: ReadinessItem) => items.push(item);
  add(
    input.locales.length > 0
      ? { id: 'locales', level: 'ok', label: `${counted(input.locales.length, 'language')}: ${input.locales.map((l) => l.locale).join(', ')}`, step: 2 }
      : { id: 'locales', level: 'error', label: 'No language yet', detail: 'Add at least one locale with its texts.', step: 2 },
  );
  for (const entry of input.locales) {
    for (const warning of localeWarnings(entry)) {
      add({ id: `length-${entry.locale}-${warning.field}`, level: 'warning', label: `${entry.locale}: ${warning.field} length`, detail: warning.message, step: 2 });
    }
  }
  return items;
}
