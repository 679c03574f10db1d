/**
 * The recipe's endpoints, once: the client builds its URLs from this table and the sandbox
 * routes by it, so the two cannot drift apart. Paths are relative to the API base URL.
 */
export const ENDPOINTS = {
  infoLocalizations: { step: 2, method: 'POST', version: 'v2', resource: 'infoLocalizations', body: 'json' },
  logo: { step: 3, method: 'PUT', version: 'v1', resource: 'logo', body: 'multipart' },
  medias: { step: 4, method: 'POST', version: 'v1', resource: 'medias', body: 'multipart' },
  spaceTypes: { step: 5, method: 'POST', version: 'v1', resource: 'spaceTypes', body: 'json' },
  spaceSegments: { step: 6, method: 'POST', version: 'v2', resource: 'spaceSegments', body: 'json' },
  brands: { step: 7, method: 'POST', version: 'v1', resource: 'brands', body: 'json' },
  locations: { step: 8, method: 'POST', version: 'v1', resource: 'locations', body: 'json' },
  versions: { step: 9, method: 'POST', version: 'v1', resource: 'versions', body: 'json' },
} as const;

export type EndpointName = keyof typeof ENDPOINTS;
export type Endpoint = (typeof ENDPOINTS)[EndpointName];

export function endpointPath(name: EndpointName, applicationId: string): string {
  const endpoint = ENDPOINTS[name];
  return `/servicemngmt/${endpoint.version}/applications/${encodeURIComponent(applicationId)}/${endpoint.resource}`;
}

/** The application itself (a read the recipe does not document: see client.getApplication). */
export function applicationPath(applicationId: string): string {
  return `/servicemngmt/v1/applications/${encodeURIComponent(applicationId)}`;
}

/**
 * Step 1 by API. NOTE: not in the recipe, whose step 1 is an e-mail to Banqup Support; some
 * Banqup environments let a client with the store_write scope create the draft itself.
 * Others answer 403, 404 or 405, and then Support is the way.
 */
export const CREATE_APPLICATION_ENDPOINT = { step: 1, method: 'POST', version: 'v2', path: '/servicemngmt/v2/applications', body: 'json' } as const;
