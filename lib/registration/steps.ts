/** The ten steps of the recipe, as the wizard names them. Plain data: shared by pages and server. */
export const STEPS = [
  { number: 1, slug: 'draft', title: 'Draft app', summary: 'Ask Banqup Support for a draft app and enter its applicationId.' },
  { number: 2, slug: 'info', title: 'App info and languages', summary: 'Display name and descriptions, per locale.' },
  { number: 3, slug: 'logo', title: 'Logo', summary: 'One SVG or PNG image.' },
  { number: 4, slug: 'media', title: 'Media', summary: 'Screenshots, in display order.' },
  { number: 5, slug: 'space-types', title: 'Space types', summary: 'Business and/or partner spaces.' },
  { number: 6, slug: 'space-segments', title: 'Space segments', summary: 'Which segments of those spaces.' },
  { number: 7, slug: 'brand', title: 'Brand', summary: 'Banqup, Jefacture or all brands.' },
  { number: 8, slug: 'locations', title: 'Locations', summary: 'Countries where the app is visible.' },
  { number: 9, slug: 'version', title: 'Version and manifest', summary: 'Version, permissions and lifecycle callbacks.' },
  { number: 10, slug: 'approval', title: 'Approval', summary: 'Review, sign off, and ask Banqup to approve.' },
] as const;

export type StepNumber = (typeof STEPS)[number]['number'];

export const REGISTRATION_STATUSES = ['in_progress', 'in_review', 'submitted', 'approved', 'published'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];
export const REGISTRATION_STATUS_LABELS: Record<RegistrationStatus, string> = {
  in_progress: 'In progress',
  in_review: 'In review',
  submitted: 'Submitted for approval',
  approved: 'Approved',
  published: 'Published',
};
