/**
 * The fields a reviewer can point a request for changes at, per step (1–9): the words the
 * summary, the step pages and the comment form use. Plain data: shipped to the browser.
 */
export const REVIEW_FIELDS: Record<number, readonly { key: string; label: string }[]> = {
  1: [
    { key: 'name', label: 'App name' },
    { key: 'namespace', label: 'Namespace' },
    { key: 'owner', label: 'Owner entity or Developer Portal app' },
    { key: 'applicationId', label: 'applicationId' },
  ],
  2: [
    { key: 'locales', label: 'Languages' },
    { key: 'displayName', label: 'Display name' },
    { key: 'shortDescription', label: 'Short description' },
    { key: 'description', label: 'Description' },
  ],
  3: [{ key: 'logo', label: 'Logo' }],
  4: [{ key: 'media', label: 'Images and their order' }],
  5: [{ key: 'spaceTypes', label: 'Space types' }],
  6: [{ key: 'spaceSegments', label: 'Space segments' }],
  7: [{ key: 'brandName', label: 'Brand' }],
  8: [{ key: 'countries', label: 'Countries' }],
  9: [
    { key: 'version', label: 'Version' },
    { key: 'releaseNote', label: 'Release note' },
    { key: 'releaseDate', label: 'Release date' },
    { key: 'copyright', label: 'Copyright' },
    { key: 'serviceAccount', label: 'Service account' },
    { key: 'permissions', label: 'Permissions' },
    { key: 'minAssuranceLevels', label: 'Minimum assurance levels' },
    { key: 'dependencies', label: 'Dependencies' },
    { key: 'clientConfigurations', label: 'Client configurations' },
    { key: 'appCallbacks', label: 'App callbacks' },
    { key: 'authorizationHeader', label: 'Authorization header' },
  ],
};

/** Steps a request for changes can point at: those with answers (step 10 has none). */
export const REVIEWABLE_STEPS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

/** The label of a step's field, or undefined when the step has no such field. */
export function reviewFieldLabel(step: number, field: string | null | undefined): string | undefined {
  if (!field) return undefined;
  return REVIEW_FIELDS[step]?.find((item) => item.key === field)?.label;
}
