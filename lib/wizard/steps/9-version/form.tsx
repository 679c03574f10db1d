'use client';

import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useFieldArray } from 'react-hook-form';
import { toast } from '@/components/ui/toast';
import { counted } from '@/lib/text';
import { clearAuthorizationHeader } from '@/lib/wizard/actions';
import { Button } from '@/components/ui/button';
import { APP_CALLBACK_KEYS, ASSURANCE_LEVELS, ASSURANCE_LEVEL_DESCRIPTIONS, PERMISSION_SUGGESTIONS } from '@/lib/banqup/vocabulary';
import { callbackUrlsFrom, readVersionDraft, releaseDateNow, releaseDatePickerValue, releaseDateWithDate, versionRequestPreview } from './manifest-values';
import { nextFreeVersion } from '@/lib/wizard/semver';
import type { VersionStepValues } from './schema';
import { controlProps, FieldShell, TextArea, TextInput, inputClasses } from '@/components/wizard/fields';
import { DependenciesEditor, PropertyRowsEditor, type RowErrors } from './property-rows';
import { StepFrame } from '@/components/wizard/step-frame';
import { fieldId } from '@/components/wizard/field-ids';
import type { StepContext } from '@/components/wizard/step-context';
import { useStepForm } from '@/components/wizard/use-step-form';

const CALLBACK_LABELS: Record<(typeof APP_CALLBACK_KEYS)[number], { label: string; hint: string }> = {
  addUrl: { label: 'Add extension (addUrl)', hint: 'Called when the app is added to a space.' },
  activationUrl: { label: 'Activate extension (activationUrl)', hint: 'Called when a user activates the app in a space.' },
  deactivationUrl: { label: 'Deactivate extension (deactivationUrl)', hint: 'Called when a user deactivates it.' },
  configureUrl: { label: 'Configure extension (configureUrl)', hint: 'Called when a user updates its configuration; may answer with a redirect.' },
  removeUrl: { label: 'Remove extension (removeUrl)', hint: 'Called when the app is removed from a space.' },
};

export function VersionForm({ values, context }: { values: VersionStepValues; context: StepContext }) {
  const previous = context.schema.lastSentVersion;
  const step = useStepForm({
    registrationId: context.registrationId,
    step: 9,
    // The schema reads old drafts' JSON text into rows (its input is wider than the form's values).
    schemaContext: context.schema,
    // A draft saved before the structured editors holds JSON text: read into rows, no migration.
    initialValues: readVersionDraft({ ...values, authorizationHeader: '' }),
    initialRevision: context.revision,
  });
  const { register, control, formState, setValue, watch } = step.form;
  const current = watch();
  const [baseUrl, setBaseUrl] = useState('');
  const [baseUrlError, setBaseUrlError] = useState<string | undefined>();
  const fillCallbacks = () => {
    const filled = callbackUrlsFrom(baseUrl);
    if (!filled.ok) return setBaseUrlError(filled.message);
    setBaseUrlError(undefined);
    for (const key of APP_CALLBACK_KEYS) setValue(`appCallbacks.${key}`, filled.urls[key], { shouldDirty: true, shouldValidate: step.submitCount > 0 });
    toast.success('The five callback URLs are filled in: check or change each below.');
  };

  // Versions Banqup refused as taken (409), before and in this visit: the offer goes above all of them.
  const [refusedVersions, setRefusedVersions] = useState<string[]>(context.refusedVersions);
  const lastSend = step.send.data;
  const [readSend, setReadSend] = useState(lastSend);
  if (lastSend !== readSend) {
    // A new answer to a send: remember the versions it refused as taken.
    setReadSend(lastSend);
    const refused = lastSend && !lastSend.ok ? (lastSend.failed ?? []).filter((failure) => failure.status === 409 && failure.key.startsWith('version:')) : [];
    if (refused.length) setRefusedVersions((known) => [...new Set([...known, ...refused.map((failure) => failure.key.slice('version:'.length))])]);
  }
  const conflictOffer = refusedVersions.includes(current.version) ? nextFreeVersion(current.version, [...refusedVersions, ...(previous ? [previous] : [])]) : undefined;
  const takeVersion = (version: string) => {
    setValue('version', version, { shouldDirty: true, shouldValidate: true });
    document.getElementById(fieldId('version'))?.focus();
  };
  const e = formState.errors;
  const permissions = useFieldArray({ control, name: 'permissions' });
  const currentPermissions = watch('permissions');
  const [headerSaved, setHeaderSaved] = useState(context.authorizationHeader);
  const typedHeader = watch('authorizationHeader');
  const clearHeader = useMutation({
    mutationFn: () => clearAuthorizationHeader(context.registrationId),
    onSuccess: (result) => {
      if (!result.ok) return toast.error('The header could not be removed.');
      setHeaderSaved({ saved: false, length: 0 });
      setValue('authorizationHeader', '');
      toast.success('Saved authorization header removed');
    },
  });

  return (
    <StepFrame
      title="Version and manifest"
      intro={
        <p>
          A version of your app with its manifest: the Developer Portal app it runs as, the permissions it needs, and the callbacks Banqup calls.
          {previous ? (
            <>
              {' '}
              The last version sent is <strong>{previous}</strong>: a new one needs a higher number.
            </>
          ) : null}
        </p>
      }
      {...step.frame}
      canSend={!context.locked}
    >
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-lg font-semibold">Version</legend>
        <div className="space-y-2">
          <FieldShell name="version" label="Version" hint="Semantic version, e.g. 1.0.0." error={e.version?.message}>
            <TextInput {...register('version')} hint error={e.version?.message} autoComplete="off" spellCheck={false} />
          </FieldShell>
          {conflictOffer ? (
            <div role="status" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
              <p>
                Banqup already holds a version {current.version} of this app. <strong>{conflictOffer}</strong> is free as far as the wizard knows: use it?
              </p>
              <Button type="button" variant="secondary" onClick={() => takeVersion(conflictOffer)}>
                Use {conflictOffer}
              </Button>
            </div>
          ) : null}
        </div>
        <FieldShell
          name="releaseDate"
          label="Release date"
          hint={
            current.releaseDate ? (
              <>
                Sent as <code>{current.releaseDate}</code> (ISO 8601): a new date keeps this time of day.
              </>
            ) : (
              'Sent as an ISO 8601 date and time, at midnight UTC.'
            )
          }
          error={e.releaseDate?.message}
        >
          <div className="flex gap-2">
            <input
              type="date"
              value={releaseDatePickerValue(current.releaseDate)}
              onChange={(event) => setValue('releaseDate', releaseDateWithDate(current.releaseDate, event.target.value), { shouldDirty: true, shouldValidate: step.submitCount > 0 })}
              {...controlProps('releaseDate', { error: e.releaseDate?.message, hint: true })}
              className={inputClasses}
            />
            <Button type="button" variant="secondary" onClick={() => setValue('releaseDate', releaseDateNow(), { shouldDirty: true, shouldValidate: true })}>
              Now
            </Button>
          </div>
        </FieldShell>
        <div className="sm:col-span-2">
          <FieldShell name="releaseNote" label="Release note" error={e.releaseNote?.message}>
            <TextArea {...register('releaseNote')} error={e.releaseNote?.message} rows={3} />
          </FieldShell>
        </div>
        <FieldShell name="copyright" label="Copyright" error={e.copyright?.message}>
          <TextInput {...register('copyright')} error={e.copyright?.message} />
        </FieldShell>
      </fieldset>

      <fieldset className="space-y-4">
        <legend className="mb-2 text-lg font-semibold">Manifest</legend>
        <FieldShell name="serviceAccount" label="Service account" hint="The app id of your app in the Developer Portal (a UUID). Required." error={e.serviceAccount?.message}>
          <TextInput {...register('serviceAccount')} hint error={e.serviceAccount?.message} spellCheck={false} />
        </FieldShell>

        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">Permissions</legend>
          <p className="text-sm text-slate-600 dark:text-slate-400">The scopes your app needs, per resource. Check the scope each endpoint you call requires.</p>
          {permissions.fields.length === 0 ? <p className="text-sm text-slate-600 dark:text-slate-400">No permissions.</p> : null}
          {permissions.fields.map((row, index) => (
            <div key={row.id} className="grid grid-cols-[1fr_1fr_auto] items-start gap-2">
              <FieldShell name={`permissions.${index}.resource`} label={`Resource ${index + 1}`} error={e.permissions?.[index]?.resource?.message}>
                <TextInput {...register(`permissions.${index}.resource`)} error={e.permissions?.[index]?.resource?.message} spellCheck={false} />
              </FieldShell>
              <FieldShell name={`permissions.${index}.scope`} label={`Scope ${index + 1}`} error={e.permissions?.[index]?.scope?.message}>
                <TextInput {...register(`permissions.${index}.scope`)} error={e.permissions?.[index]?.scope?.message} spellCheck={false} />
              </FieldShell>
              <Button type="button" variant="secondary" className="mt-6" onClick={() => permissions.remove(index)} aria-label={`Remove permission ${index + 1}`}>
                Remove
              </Button>
            </div>
          ))}
          <div className="flex flex-wrap gap-2">
            <Button type="button" variant="secondary" onClick={() => permissions.append({ resource: '', scope: '' })}>
              + Add a permission
            </Button>
            {PERMISSION_SUGGESTIONS.filter((s) => !currentPermissions.some((p) => p.resource === s.resource && p.scope === s.scope)).map((suggestion) => (
              <Button key={suggestion.scope} type="button" variant="secondary" onClick={() => permissions.append({ ...suggestion })}>
                + {suggestion.resource} / {suggestion.scope}
              </Button>
            ))}
          </div>
        </fieldset>

        <fieldset className="grid gap-4 sm:grid-cols-2">
          <legend className="mb-2 text-sm font-medium">Minimum assurance levels</legend>
          {(['entity', 'user'] as const).map((who) => {
            const name = `minAssuranceLevels.${who}` as const;
            const selected = watch(name);
            return (
              <FieldShell key={who} name={name} label={who === 'entity' ? 'Entity' : 'User'} hint={selected ? ASSURANCE_LEVEL_DESCRIPTIONS[selected] : 'No minimum.'} error={e.minAssuranceLevels?.[who]?.message}>
                <select {...register(name)} {...controlProps(name, { error: e.minAssuranceLevels?.[who]?.message, hint: true })} className={inputClasses}>
                  <option value="">No minimum</option>
                  {ASSURANCE_LEVELS.map((level) => (
                    <option key={level} value={level}>
                      {level}
                    </option>
                  ))}
                </select>
              </FieldShell>
            );
          })}
        </fieldset>

        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">Dependencies</legend>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Optional. The apps your app needs, each registered and approved in the Banqup Store: usually just its namespace; add more properties if Banqup
            asks for them. Contact Banqup about dependencies.
          </p>
          <DependenciesEditor form={step.form} />
        </fieldset>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">Client configurations</legend>
          <p className="text-sm text-slate-600 dark:text-slate-400">Optional. Access management and endpoints used to install partner apps across clients, as named properties.</p>
          <PropertyRowsEditor
            form={step.form}
            name="clientConfigurations"
            of="client configuration"
            errors={e.clientConfigurations as RowErrors[] | undefined}
            addLabel="+ Add a client configuration"
          />
        </fieldset>
      </fieldset>

      <fieldset className="space-y-4">
        <legend className="mb-2 text-lg font-semibold">App callbacks</legend>
        <p className="text-sm text-slate-600 dark:text-slate-400">Banqup calls these with POST on lifecycle events and expects 200 OK. Use https.</p>
        <div className="space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-800">
          <FieldShell
            name="callbackBaseUrl"
            label="Base URL of your app"
            hint="Fills the five URLs below with the recipe's paths (/add, /activate, /deactivate, /configure, /remove), e.g. from https://app.example.com. Each stays editable."
            error={baseUrlError}
          >
            <div className="flex flex-wrap gap-2 sm:flex-nowrap">
              <input
                type="url"
                value={baseUrl}
                onChange={(event) => setBaseUrl(event.target.value)}
                onKeyDown={(event) => {
                  // Enter fills the callbacks; it must not send the step.
                  if (event.key === 'Enter') {
                    event.preventDefault();
                    fillCallbacks();
                  }
                }}
                {...controlProps('callbackBaseUrl', { error: baseUrlError, hint: true })}
                autoComplete="off"
                spellCheck={false}
                className={inputClasses}
              />
              <Button type="button" variant="secondary" className="shrink-0" onClick={fillCallbacks}>
                Fill the callback URLs
              </Button>
            </div>
          </FieldShell>
        </div>
        {APP_CALLBACK_KEYS.map((key) => {
          const name = `appCallbacks.${key}` as const;
          const error = e.appCallbacks?.[key]?.message;
          const url = watch(name);
          return (
            <FieldShell key={key} name={name} label={CALLBACK_LABELS[key].label} hint={CALLBACK_LABELS[key].hint} error={error} warning={url.startsWith('http://') ? 'Not https: fine for the sandbox, refused by reviewers for production.' : undefined}>
              <TextInput {...register(name)} type="url" hint error={error} autoComplete="off" spellCheck={false} />
            </FieldShell>
          );
        })}
        <FieldShell
          name="authorizationHeader"
          label="Authorization header for the callbacks"
          hint={
            headerSaved.saved
              ? `A header is saved (${'•'.repeat(Math.min(12, headerSaved.length))}, ${headerSaved.length} characters). It is never shown again; leave this blank to keep it, or type a new one.`
              : 'Optional. Your own token, sent by Banqup with each callback. Stored on the server; never shown again.'
          }
          error={e.authorizationHeader?.message}
        >
          <TextInput {...register('authorizationHeader')} type="password" autoComplete="new-password" hint error={e.authorizationHeader?.message} />
        </FieldShell>
        {headerSaved.saved && !typedHeader ? (
          <Button type="button" variant="secondary" onClick={() => clearHeader.mutate()} disabled={clearHeader.isPending}>
            Remove the saved header
          </Button>
        ) : null}
      </fieldset>

      <JsonPreview values={current} header={{ typedLength: typedHeader.length, saved: headerSaved }} />
    </StepFrame>
  );
}

/**
 * The JSON that "Send to Banqup" sends for the version, from the form as it is now: built by the
 * send's own function (toVersionRequest), parsed by the send's schema, the header masked.
 */
function JsonPreview({ values, header }: { values: VersionStepValues; header: Parameters<typeof versionRequestPreview>[1] }) {
  const [open, setOpen] = useState(false);
  const [schema, setSchema] = useState<{ safeParse(value: unknown): { success: true; data: VersionStepValues } | { success: false; error: { issues: unknown[] } } } | null>(null);
  useEffect(() => {
    if (open && !schema) void import('./schema').then((m) => setSchema(() => m.versionStepSchema));
  }, [open, schema]);
  const parsed = open && schema ? schema.safeParse(values) : undefined;
  return (
    <details className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary className="cursor-pointer font-semibold">Preview the JSON sent for this version</summary>
      <div className="mt-3 space-y-2">
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Exactly what is sent to Banqup for this version, from the form as it is now. The callbacks&apos; authorization header is masked: this page never has the saved one.
        </p>
        {!parsed ? (
          <p className="text-sm">{open ? 'Building the preview…' : null}</p>
        ) : parsed.success ? (
          <figure aria-label="The version request as JSON">
            <pre className="overflow-x-auto rounded-md bg-slate-50 p-3 font-mono text-xs whitespace-pre-wrap [overflow-wrap:anywhere] dark:bg-slate-800">
              {versionRequestPreview(parsed.data, header)}
            </pre>
          </figure>
        ) : (
          <p className="text-sm">
            Not complete yet: {counted(parsed.error.issues.length, 'field needs', 'fields need')} attention (the messages show when you send). The preview
            shows once the step is complete.
          </p>
        )}
      </div>
    </details>
  );
}
