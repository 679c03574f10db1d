import 'server-only';
import type { SpaceSegment, SpaceType } from '@/lib/banqup/schemas';
import type { Queryable } from '@/lib/db/db';
import { getConfig } from '@/lib/env';
import type { AtBanqupView } from '@/lib/wizard/holdings';
import { loadWizard, wizardStatus } from '@/lib/wizard/service';
import { AUTHORIZATION_HEADER_SECRET } from '@/lib/wizard/steps/9-version/schema';
import { heldVersions } from '@/lib/wizard/steps/9-version/versions';
import type { StepStatus } from '@/lib/wizard/status';
import { STEP_REGISTRY } from '@/lib/wizard/steps';
import { brandStepSchema } from '@/lib/wizard/steps/7-brand/schema';
import { draftAppStepSchema, type DraftAppStepValues } from '@/lib/wizard/steps/1-draft-app/schema';
import { infoStepSchema, type InfoStepValues } from '@/lib/wizard/steps/2-info/schema';
import { locationsStepSchema } from '@/lib/wizard/steps/8-locations/schema';
import { logoStepSchema } from '@/lib/wizard/steps/3-logo/schema';
import { mediaStepSchema } from '@/lib/wizard/steps/4-media/schema';
import { spaceSegmentsStepSchema } from '@/lib/wizard/steps/6-space-segments/schema';
import { spaceTypesStepSchema } from '@/lib/wizard/steps/5-space-types/schema';
import { versionStepSchema, type VersionStepValues } from '@/lib/wizard/steps/9-version/schema';
import { exportSecrets } from './export';
import { isReady, readiness, type ReadinessItem } from './readiness';
import { redactStrings } from '@/lib/redact';
import { JOURNAL_PAGE, assetView, countApiCalls, describeSecret, listApiCalls, type AssetView, type JournalEntry } from './repository';
import { currentRevision, listEvents, listSignOffs, type RegistrationEvent, type SignOff } from './review';
import type { RegistrationStatus } from '@/lib/registration/statuses';

export type StepRecord = { state: StepStatus['state']; message?: string; savedAt?: string; sentAt?: string; items: { key: string; label: string; sentAt: string; remoteId: string | null }[] };

/** Everything a reviewer sees of a registration, without any secret. */
export type RegistrationView = {
  registration: { id: string; name: string; namespace: string; applicationId: string | null; status: RegistrationStatus; createdAt: string; updatedAt: string; revision: number; archivedAt: string | null };
  mode: 'sandbox' | 'api';
  supportEmail?: string;
  identity: Omit<DraftAppStepValues, 'applicationId'>;
  locales: InfoStepValues['locales'];
  logo: AssetView | null;
  media: AssetView[];
  spaceTypes: SpaceType[];
  spaceSegments: SpaceSegment[];
  brandName?: string;
  countries: string[];
  version: Omit<VersionStepValues, 'authorizationHeader'> | null;
  authorizationHeader: { saved: boolean; length: number };
  sentVersions: string[];
  steps: Record<number, StepRecord>;
  /** What Banqup holds, step by step, from the ledger: not what the draft wants. */
  atBanqup: AtBanqupView[];
  journal: JournalEntry[];
  /** How many calls the journal holds in all (`journal` may be one page of them). */
  journalTotal: number;
  signOffs: (SignOff & { stale: boolean })[];
  events: RegistrationEvent[];
  checklist: ReadinessItem[];
  ready: boolean;
  /** The latest sign-off is an approval of the registration as it is now. */
  approved: boolean;
};

/** A step's saved values as its schema reads them; the step's empty values when they do not parse yet. */
function valuesOf<T>(draft: unknown, schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }, fallback: T): T {
  const merged = draft && typeof draft === 'object' ? { ...(fallback as object), ...(draft as object) } : fallback;
  const parsed = schema.safeParse(merged);
  return parsed.success ? parsed.data : (merged as T);
}

/** The journal page a summary URL asks for (`?journalBefore=<id>`): the newest JOURNAL_PAGE calls by default. */
export function journalPage(searchParams: { journalBefore?: string | string[] }): { limit: number; before?: number } {
  const raw = Array.isArray(searchParams.journalBefore) ? searchParams.journalBefore[0] : searchParams.journalBefore;
  const before = raw && /^\d{1,10}$/.test(raw) ? Number(raw) : undefined;
  return { limit: JOURNAL_PAGE, ...(before ? { before } : {}) };
}

/** `journal`: one page of the journal (the summary page); without it, all of it (the exports). */
export async function loadRegistrationView(
  db: Queryable,
  registrationId: string,
  options: { journal?: { limit: number; before?: number } } = {},
): Promise<RegistrationView | undefined> {
  const wizard = await loadWizard(db, registrationId);
  if (!wizard) return undefined;
  const config = getConfig();
  const draft = (step: number) => wizard.rows.get(step)?.draft;
  const [{ statuses, atBanqup }, journal, journalTotal, signOffs, events, revision, authorizationHeader] = await Promise.all([
    wizardStatus(db, wizard),
    listApiCalls(db, registrationId, options.journal),
    countApiCalls(db, registrationId),
    listSignOffs(db, registrationId),
    listEvents(db, registrationId),
    currentRevision(db, registrationId),
    describeSecret(db, registrationId, AUTHORIZATION_HEADER_SECRET),
  ]);

  const toAsset = (id: string | undefined): AssetView | null => {
    const asset = id ? wizard.assets.get(id) : undefined;
    return asset ? assetView(asset) : null;
  };

  const identity = valuesOf(draft(1), draftAppStepSchema, STEP_REGISTRY[1].defaults());
  const info = valuesOf(draft(2), infoStepSchema, { locales: [] });
  const logo = valuesOf(draft(3), logoStepSchema, STEP_REGISTRY[3].defaults());
  const media = valuesOf(draft(4), mediaStepSchema, STEP_REGISTRY[4].defaults());
  const spaceTypes = valuesOf(draft(5), spaceTypesStepSchema, STEP_REGISTRY[5].defaults());
  const spaceSegments = valuesOf(draft(6), spaceSegmentsStepSchema, { spaceSegments: [] });
  const brand = valuesOf(draft(7), brandStepSchema, STEP_REGISTRY[7].defaults());
  const locations = valuesOf(draft(8), locationsStepSchema, STEP_REGISTRY[8].defaults());
  const versionDraft = draft(9);
  const version = versionDraft ? valuesOf(versionDraft, versionStepSchema, STEP_REGISTRY[9].defaults()) : null;

  const sentVersions = heldVersions(wizard.ledger);
  const steps: Record<number, StepRecord> = {};
  for (const status of statuses) {
    steps[status.step] = {
      state: status.state,
      message: status.message,
      savedAt: status.savedAt,
      sentAt: status.sentAt,
      items: (atBanqup.find((view) => view.step === status.step)?.held ?? []).map((item) => ({ key: item.key, label: item.label, sentAt: item.sentAt, remoteId: item.remoteId })),
    };
  }

  const logoAsset = toAsset(logo.logoAssetId || undefined);
  const mediaAssets = media.media.map((item) => toAsset(item.assetId)).filter((asset): asset is AssetView => asset !== null);
  const callbackUrls = version ? Object.values(version.appCallbacks).filter((url) => url !== '') : [];
  const checklist = readiness({
    mode: config.mode,
    applicationId: wizard.registration.applicationId,
    statuses,
    locales: info.locales,
    logo: logoAsset,
    media: mediaAssets,
    spaceTypes: spaceTypes.spaceTypes,
    spaceSegments: spaceSegments.spaceSegments,
    brandName: brand.brandName || undefined,
    countries: locations.countries,
    version: version?.version,
    previousVersions: sentVersions.filter((v) => v !== version?.version),
    callbackUrls,
    atBanqup,
  });

  const withStale = signOffs.map((signOff) => ({ ...signOff, stale: signOff.registrationRevision < revision }));
  const latest = withStale[0];
  const { applicationId: _applicationId, ...identityFacts } = identity;
  const { authorizationHeader: _secretPlaceholder, ...versionFacts } = version ?? ({} as VersionStepValues);

  // What Banqup answered (the journal, step messages, the ledger's errors) may quote a secret:
  // stored before secrets were redacted in every encoding, or never seen by the client.
  const secrets = await exportSecrets(registrationId);
  const clean = <T>(value: T): T => redactStrings(value, secrets);

  return {
    registration: {
      id: wizard.registration.id,
      name: wizard.registration.name,
      namespace: wizard.registration.namespace,
      applicationId: wizard.registration.applicationId,
      status: wizard.registration.status,
      createdAt: wizard.registration.createdAt.toISOString(),
      updatedAt: wizard.registration.updatedAt.toISOString(),
      revision,
      archivedAt: wizard.registration.archivedAt?.toISOString() ?? null,
    },
    mode: config.mode,
    supportEmail: config.supportEmail,
    identity: identityFacts,
    locales: info.locales,
    logo: logoAsset,
    media: mediaAssets,
    spaceTypes: spaceTypes.spaceTypes,
    spaceSegments: spaceSegments.spaceSegments,
    brandName: brand.brandName || undefined,
    countries: locations.countries,
    version: version ? versionFacts : null,
    authorizationHeader,
    sentVersions,
    steps: clean(steps),
    atBanqup: clean(atBanqup),
    journal: clean(journal),
    journalTotal,
    signOffs: withStale,
    events,
    checklist,
    ready: isReady(checklist),
    approved: latest !== undefined && latest.decision === 'approved' && !latest.stale,
  };
}
