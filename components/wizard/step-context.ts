import type { SpaceSegment } from '@/lib/banqup/schemas';
import type { StepSchemaContext } from '@/lib/wizard/steps';
import type { AssetView } from '@/lib/registration/repository';
import type { AtBanqupView } from '@/lib/wizard/holdings';
import type { StorePreviewSources } from '@/lib/wizard/store-preview';

/** What a step's form knows beyond its own values: read on the server, never a secret. */
export type StepContext = {
  registrationId: string;
  revision: number;
  locked: boolean;
  sandbox: boolean;
  supportEmail?: string;
  assets: AssetView[];
  allowedSegments: SpaceSegment[];
  /** What the step's schema knows of the other steps (step 5's space types, the last version sent). */
  schema: StepSchemaContext;
  brandName?: string;
  /** Versions Banqup refused as already taken (409) to this registration: step 9 offers the next free one. */
  refusedVersions: string[];
  /** Whether step 9's authorization header is saved, and its length: never its value. */
  authorizationHeader: { saved: boolean; length: number };
  /** Keys of the items of this step Banqup holds. */
  sentItems: string[];
  /** The id Banqup gave each sent item of this step, by item key (e.g. media ids). */
  sentIds: Record<string, string>;
  /** What Banqup holds for this step, from the ledger. */
  atBanqup: AtBanqupView;
  /** Banqup asked not to be called again before then (ISO time). */
  retryAt?: string;
  /** Steps 2–4's saved answers, for the store preview (each of those steps puts its own live values over them). */
  preview?: StorePreviewSources;
};
