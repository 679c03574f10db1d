/** The ten steps of the recipe, as the wizard names them. Plain data: shared by pages and server. */
export const STEPS = [
  { number: 1, slug: 'draft', title: 'Draft app', purpose: 'Ask Banqup Support for a draft app and enter its applicationId.' },
  { number: 2, slug: 'info', title: 'App info and languages', purpose: 'Display name and descriptions, per locale.' },
  { number: 3, slug: 'logo', title: 'Logo', purpose: 'One SVG or PNG image.' },
  { number: 4, slug: 'media', title: 'Media', purpose: 'Screenshots, in display order.' },
  { number: 5, slug: 'space-types', title: 'Space types', purpose: 'Business and/or partner spaces.' },
  { number: 6, slug: 'space-segments', title: 'Space segments', purpose: 'Which segments of those spaces.' },
  { number: 7, slug: 'brand', title: 'Brand', purpose: 'Banqup, Jefacture or all brands.' },
  { number: 8, slug: 'locations', title: 'Locations', purpose: 'Countries where the app is visible.' },
  { number: 9, slug: 'version', title: 'Version and manifest', purpose: 'Version, permissions and lifecycle callbacks.' },
  { number: 10, slug: 'approval', title: 'Approval', purpose: 'Review, sign off, and ask Banqup to approve.' },
] as const;

export type StepNumber = (typeof STEPS)[number]['number'];

/** A step by its number (1–10). */
export const stepMeta = (number: number) => STEPS.find((step) => step.number === number);
/** A step's title, or "Step N" for a number that is not one. */
export const stepTitle = (number: number) => stepMeta(number)?.title ?? `Step ${number}`;
