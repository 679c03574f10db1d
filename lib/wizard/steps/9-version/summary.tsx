import type { RegistrationView } from '@/lib/registration/summary';
import { ASSURANCE_LEVEL_DESCRIPTIONS } from '@/lib/banqup/vocabulary';
import { ManifestJson } from '@/components/summary/json-value';
import { Facts, NOT_ANSWERED, when } from '@/components/summary/facts';

/** Step 9 in the summary: the version, its manifest and its callbacks (the header only as saved or not). */
export function VersionSummary({ view }: { view: RegistrationView }) {
  const version = view.version;
  return (
    <>
      {version ? (
        <>
          <Facts
            rows={[
              ['Version', version.version],
              ['Release note', version.releaseNote],
              ['Release date', version.releaseDate ? when(version.releaseDate) : ''],
              ['Copyright', version.copyright],
              ['Service account', version.serviceAccount ? <code key="sa">{version.serviceAccount}</code> : ''],
              ['Versions sent', view.sentVersions.length ? view.sentVersions.join(', ') : 'None yet'],
            ]}
          />
          <h4 className="pt-2 font-semibold">Permissions</h4>
          {version.permissions.length ? (
            <table className="w-full text-left text-sm">
              <thead>
                <tr className="border-b border-slate-200 dark:border-slate-700">
                  <th scope="col" className="py-1 pr-4">Resource</th>
                  <th scope="col" className="py-1">Scope</th>
                </tr>
              </thead>
              <tbody>
                {version.permissions.map((permission, index) => (
                  <tr key={index} className="border-b border-slate-100 dark:border-slate-800">
                    <td className="py-1 pr-4 break-all"><code>{permission.resource}</code></td>
                    <td className="py-1 break-all"><code>{permission.scope}</code></td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="text-sm">No permissions.</p>
          )}
          <h4 className="pt-2 font-semibold">Minimum assurance levels</h4>
          <Facts
            rows={[
              ['Entity', version.minAssuranceLevels.entity ? ASSURANCE_LEVEL_DESCRIPTIONS[version.minAssuranceLevels.entity] : 'No minimum'],
              ['User', version.minAssuranceLevels.user ? ASSURANCE_LEVEL_DESCRIPTIONS[version.minAssuranceLevels.user] : 'No minimum'],
            ]}
          />
          <h4 className="pt-2 font-semibold">Dependencies and client configurations</h4>
          <Facts
            rows={[
              ['Dependencies', <ManifestJson key="dependencies" saved={version.dependencies} which="dependencies" />],
              ['Client configurations', <ManifestJson key="clientConfigurations" saved={version.clientConfigurations} which="clientConfigurations" />],
            ]}
          />
          <h4 className="pt-2 font-semibold">App callbacks</h4>
          <Facts
            rows={[
              ['Add', version.appCallbacks.addUrl],
              ['Activate', version.appCallbacks.activationUrl],
              ['Deactivate', version.appCallbacks.deactivationUrl],
              ['Configure', version.appCallbacks.configureUrl],
              ['Remove', version.appCallbacks.removeUrl],
              ['Authorization header', view.authorizationHeader.saved ? `•••••••• (saved, ${view.authorizationHeader.length} characters, never shown)` : 'None'],
            ]}
          />
        </>
      ) : (
        <p className="text-sm">{NOT_ANSWERED}: no version yet.</p>
      )}
    </>
  );
}
