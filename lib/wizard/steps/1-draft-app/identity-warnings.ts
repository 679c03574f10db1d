/**
 * Soft advice for step 1's namespace and app name. Banqup publishes no format or length rule
 * for either (its own production example is `com.unifiedpost.btx` / `My-app`), so what the
 * schemas do not refuse is never refused here either: these are warnings shown beside the
 * field, and each one says that Banqup publishes no such rule.
 *
 * Plain module without dependencies: it ships to the browser with the step 1 form.
 */

/**
 * The shape of the namespaces in Banqup's examples (com.unifiedpost.btx, my_namespace).
 * NOTE: hyphens are not warned about: reverse-domain namespaces carry them whenever the
 * domain does (com.my-company.app), and Banqup's own example name (My-app) has one.
 */
export const NAMESPACE_STYLE = /^[a-z][a-z0-9_.-]*$/;
/** A common cap for identifiers (and the wizard's old limit): longer namespaces may be cut short elsewhere. */
export const NAMESPACE_ADVISED_MAX = 64;
/** Longer app names may be cut off where apps are listed (compare LISTING_LIMITS for display names). */
export const APP_NAME_ADVISED_MAX = 50;

const NO_RULE = 'Banqup publishes no such rule, so this is only advice, not a refusal.';

/** Characters as a person counts them (an emoji is one), not UTF-16 units. */
const characters = (text: string) => Array.from(text).length;

/** What makes a namespace differ from the examples, in words, e.g. "has capital letters and spaces". */
function styleDifferences(namespace: string): string[] {
  const differences: string[] = [];
  if (/\p{Lu}/u.test(namespace)) differences.push('has capital letters');
  if (/\s/u.test(namespace)) differences.push('has spaces');
  // Beyond capitals and spaces (named above): anything but a-z, digits, dots, underscores, hyphens.
  if (/[^a-z0-9_.\-\p{Lu}\s]/u.test(namespace)) differences.push('has characters other than a–z, digits, dots, underscores and hyphens');
  if (!/^\p{L}/u.test(namespace)) differences.push('does not start with a letter');
  return differences;
}

const sentenceList = (items: string[]) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/** Advice for a namespace; [] when it looks like Banqup's examples, or is blank (the schema says "required"). */
export function namespaceWarnings(namespace: string): string[] {
  const value = namespace.trim();
  if (value === '') return [];
  const warnings: string[] = [];
  if (!NAMESPACE_STYLE.test(value)) {
    const differences = styleDifferences(value);
    const found = differences.length > 0 ? `This namespace ${sentenceList(differences)}. ` : '';
    warnings.push(
      `${found}Banqup's examples use lowercase letters, digits, dots and underscores, starting with a letter, such as com.unifiedpost.btx or my_namespace. ${NO_RULE}`,
    );
  }
  const length = characters(value);
  if (length > NAMESPACE_ADVISED_MAX) {
    warnings.push(`This namespace is ${length} characters long: namespaces over ${NAMESPACE_ADVISED_MAX} characters may be cut short by other systems. ${NO_RULE}`);
  }
  return warnings;
}

/** Advice for an app name; [] when it is blank (the schema says "required") or short enough. */
export function appNameWarnings(name: string): string[] {
  const value = name.trim();
  const length = characters(value);
  if (length <= APP_NAME_ADVISED_MAX) return [];
  return [`This app name is ${length} characters long: names over ${APP_NAME_ADVISED_MAX} characters may be cut off where apps are listed. ${NO_RULE}`];
}
