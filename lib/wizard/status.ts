/** Step statuses as the stepper shows them. Plain data: shared by server and browser. */
export const STEP_STATES = ['locked', 'not_started', 'draft', 'sending', 'sent', 'changed', 'failed', 'unknown', 'extra'] as const;
export type StepState = (typeof STEP_STATES)[number];

export const STEP_STATE_LABELS: Record<StepState, string> = {
  locked: 'Cannot start yet',
  not_started: 'Not started',
  draft: 'Draft saved',
  sending: 'Being sent',
  sent: 'Sent',
  changed: 'Changed since sent',
  failed: 'Failed',
  unknown: 'May have arrived',
  extra: 'Banqup holds more',
};

export type StepStatus = {
  step: number;
  state: StepState;
  /** Why it failed (the API's message), or what is left. */
  message?: string;
  savedAt?: string;
  sentAt?: string;
  /** Items (calls) of the step: how many are sent as they are now, how many are not. */
  sentCount: number;
  pendingCount: number;
  /** Banqup asked to wait until then before the step is sent again (ISO time). */
  retryAt?: string;
};
