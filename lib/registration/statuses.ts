/** Where a registration is on its way to the Store. Plain data: shared by pages and server. */
export const REGISTRATION_STATUSES = ['in_progress', 'in_review', 'submitted', 'approved', 'published'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];
export const REGISTRATION_STATUS_LABELS: Record<RegistrationStatus, string> = {
  in_progress: 'In progress',
  in_review: 'In review',
  submitted: 'Submitted for approval',
  approved: 'Approved',
  published: 'Published',
};
