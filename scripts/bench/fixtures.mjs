/**
 * What the bench registers: the whole registration of issue 16 (3 locales, a logo, 5 media,
 * 2 space types, 2 space segments, a brand, 10 countries, one version), its files made once
 * before anything is timed, and the helpers that set a registration up through the app's own
 * server actions and upload route (never timed).
 */
import { deflateSync } from 'node:zlib';
import { callAction } from './actions.mjs';

export const TOKEN = 'sandbox-token';
export const OWNER_ENTITY_ID = 'f47c5440-89cb-11ee-b9d1-0242ac120002';
export const SERVICE_ACCOUNT = '6b1a3c0e-1f2d-4e5a-9b7c-8d9e0f1a2b3c';
export const LOCALES = ['en-GB', 'fr-BE', 'nl-BE'];
export const SPACE_TYPES = ['BUSINESS', 'PARTNER'];
export const SPACE_SEGMENTS = ['SME', 'ACCOUNTING'];
export const BRAND = 'Banqup';
export const COUNTRIES = ['BE', 'NL', 'FR', 'DE', 'LU', 'AT', 'IT', 'ES', 'PT', 'IE'];
export const WHOLE_CALLS = LOCALES.length + 1 + 5 + SPACE_TYPES.length + SPACE_SEGMENTS.length + 1 + COUNTRIES.length + 1;

// ---------------------------------------------------------------------------------------
// PNGs.

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** An RGB PNG with some noise, so that it weighs what a screenshot does (a few hundred KB), not a few bytes. */
export function png(width, height, seed) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc(height * (1 + width * 3));
  let state = seed * 2654435761;
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3);
    for (let x = 0; x < width; x++) {
      if (x % 16 === 0) state = (state * 1103515245 + 12345) >>> 0;
      const noise = (state >>> 24) & 0x03;
      raw[row + 1 + x * 3] = (x >> 3) + noise;
      raw[row + 2 + x * 3] = (y >> 2) + seed * 40;
      raw[row + 3 + x * 3] = 180;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The files of the whole registration: made once, before anything is timed. */
export function makeFiles() {
  return { logo: png(512, 512, 7), media: [1, 2, 3, 4, 5].map((seed) => png(1600, 900, seed)) };
}

// ---------------------------------------------------------------------------------------
// The drafts of steps 2–9, as the forms save them.

export function wholeDrafts({ logoAssetId, mediaAssetIds, name = 'Bench app' }) {
  return {
    2: {
      locales: LOCALES.map((locale) => ({
        locale,
        displayName: `${name} ${locale}`,
        shortDescription: 'Manage supplier invoices',
        description: 'Bench app helps you manage supplier invoices from receipt to payment, with approval flows, reminders and exports to your accounting software.',
      })),
    },
    3: { logoAssetId },
    4: { media: mediaAssetIds.map((assetId) => ({ assetId })) },
    5: { spaceTypes: SPACE_TYPES },
    6: { spaceSegments: SPACE_SEGMENTS },
    7: { brandName: BRAND },
    8: { countries: COUNTRIES },
    9: {
      version: '1.0.0',
      releaseNote: 'First release in the Banqup Store',
      releaseDate: '2026-04-16T13:03:36Z',
      copyright: 'Copyright 2026',
      serviceAccount: SERVICE_ACCOUNT,
      permissions: [{ resource: 'space', scope: 'space_read' }],
      minAssuranceLevels: { entity: 'urn:btx:L2', user: 'urn:btx:L1' },
      dependencies: '',
      clientConfigurations: '',
      appCallbacks: {
        addUrl: 'https://bench.example/banqup/add',
        activationUrl: 'https://bench.example/banqup/activate',
        deactivationUrl: 'https://bench.example/banqup/deactivate',
        configureUrl: 'https://bench.example/banqup/configure',
        removeUrl: 'https://bench.example/banqup/remove',
      },
      authorizationHeader: 'Bearer bench-callback-secret',
    },
  };
}

// ---------------------------------------------------------------------------------------
// Setting registrations up through the app (its actions and its upload route).

export function appClient(base, ids) {
  const action = async (pagePath, name, args) => {
    const result = await callAction(base, pagePath, ids[name], args);
    if (result.status !== 200) throw new Error(`${name} answered HTTP ${result.status}: ${result.text.slice(0, 300)}`);
    return result;
  };
  return {
    /** "Start a registration": its id. */
    async start() {
      const { redirect } = await action('/', 'startRegistration', []);
      const id = /\/registrations\/([0-9a-f-]{36})/.exec(redirect ?? '')?.[1];
      if (!id) throw new Error(`startRegistration did not redirect to a registration (${redirect})`);
      return id;
    },
    /** Step 1 with the sandbox's draft app: its applicationId. */
    async draftInSandbox(registrationId, name) {
      const values = { name, namespace: 'bench_app', identity: 'entity', ownerEntityId: OWNER_ENTITY_ID, developerPortalAppId: '', applicationId: '' };
      const { answer, text } = await action(`/registrations/${registrationId}/draft`, 'createDraftInSandbox', [registrationId, values, 0, {}]);
      if (!answer?.ok) throw new Error(`createDraftInSandbox failed: ${text.slice(0, 300)}`);
      return answer.applicationId;
    },
    /** Saves a step's draft; returns the answer ({ok, revision, ...}). */
    async save(registrationId, step, values, baseRevision) {
      const { answer, text } = await action(`/registrations/${registrationId}/info`, 'saveStepDraft', [registrationId, step, values, baseRevision]);
      if (!answer) throw new Error(`saveStepDraft answered ${text.slice(0, 300)}`);
      return answer;
    },
    async send(registrationId, step, values, baseRevision) {
      const { answer, text } = await action(`/registrations/${registrationId}/info`, 'sendStepToBanqup', [registrationId, step, values, baseRevision, {}]);
      if (!answer?.ok) throw new Error(`sendStepToBanqup failed: ${text.slice(0, 300)}`);
      return answer;
    },
    /** "Send everything" of a registration, from its summary. */
    async sendEverything(registrationId) {
      const { answer, text } = await action(`/registrations/${registrationId}/summary`, 'sendEverythingToBanqup', [registrationId, {}]);
      if (!answer?.ok) throw new Error(`sendEverythingToBanqup failed: ${text.slice(0, 300)}`);
      return answer;
    },
    /** A review link of the registration: its path. */
    async reviewLink(registrationId) {
      const { answer, text } = await action(`/registrations/${registrationId}/summary`, 'createReviewLinkAction', [registrationId]);
      if (!answer?.ok) throw new Error(`createReviewLinkAction failed: ${text.slice(0, 300)}`);
      return answer.path;
    },
    async upload(registrationId, kind, fileName, bytes) {
      const res = await fetch(`${base}/api/registrations/${registrationId}/assets?kind=${kind}`, {
        method: 'POST',
        headers: { 'x-requested-with': 'banqup-wizard', 'content-type': 'application/octet-stream', 'x-file-name': fileName, origin: base },
        body: bytes,
      });
      const body = await res.json().catch(() => null);
      if (res.status !== 201 || !body?.ok) throw new Error(`upload of ${fileName} answered ${res.status}: ${JSON.stringify(body)}`);
      return body.asset.id;
    },
    /** A registration with step 1 done and steps 2–9 saved as drafts (the whole registration), nothing sent. */
    async wholeRegistration(files, name = 'Bench app') {
      const registrationId = await this.start();
      const applicationId = await this.draftInSandbox(registrationId, name);
      const logoAssetId = await this.upload(registrationId, 'logo', 'logo.png', files.logo);
      const mediaAssetIds = [];
      for (const [i, bytes] of files.media.entries()) mediaAssetIds.push(await this.upload(registrationId, 'media', `screen-${i + 1}.png`, bytes));
      const drafts = wholeDrafts({ logoAssetId, mediaAssetIds, name });
      for (const [step, values] of Object.entries(drafts)) {
        const saved = await this.save(registrationId, Number(step), values, 0);
        if (!saved.ok) throw new Error(`saving step ${step} failed: ${JSON.stringify(saved)}`);
      }
      return { registrationId, applicationId, drafts };
    },
  };
}

// ---------------------------------------------------------------------------------------
// The sandbox, straight.

export function sandboxClient(base) {
  const url = (p) => `${base}/sandbox${p}`;
  const control = (method, body) =>
    fetch(url('/control/faults'), {
      method,
      headers: { 'x-sandbox-control': '1', ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  return {
    url,
    async newApplication(name) {
      const res = await fetch(url('/support/drafts'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, namespace: 'bench_app', ownerEntityId: OWNER_ENTITY_ID }),
      });
      return (await res.json()).applicationId;
    },
    /** Adds `delayMs` to the next `times` calls whose path contains `path`. */
    async delay(path, delayMs, times) {
      const res = await control('POST', { path, delayMs, times });
      if (res.status !== 201) throw new Error(`the fault control answered ${res.status}: ${await res.text()}`);
      return (await res.json()).id;
    },
    /** The faults with uses left. */
    async faults() {
      return (await (await control('GET')).json()).faults;
    },
    async clearFaults() {
      await (await control('DELETE')).arrayBuffer();
    },
    async read(applicationId) {
      return (await fetch(url(`/servicemngmt/v1/applications/${applicationId}`), { headers: { authorization: `Bearer ${TOKEN}` } })).json();
    },
  };
}
