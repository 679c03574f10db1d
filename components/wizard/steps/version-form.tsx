'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useFieldArray } from 'react-hook-form';
import { toast } from '@/components/ui/toast';
import { clearAuthorizationHeader } from '@/app/registrations/[id]/actions';
import { Button } from '@/components/ui/button';
import { APP_CALLBACK_KEYS, ASSURANCE_LEVELS, ASSURANCE_LEVEL_DESCRIPTIONS, PERMISSION_SUGGESTIONS } from '@/lib/banqup/vocabulary';
import type { VersionStepValues } from '@/lib/wizard/step-schemas';
import { controlProps, FieldShell, TextArea, TextInput, inputClasses } from '../fields';
import { StepFrame } from '../step-frame';
import type { StepContext } from '../step-context';
import { useStepForm } from '../use-step-form';

const CALLBACK_LABELS: Record<(typeof APP_CALLBACK_KEYS)[number], { label: string; hint: string }> = {
  addUrl: { label: 'Add extension (addUrl)', hint: 'Called when the app is added to a space.' },
  activationUrl: { label: 'Activate extension (activationUrl)', hint: 'Called when a user activates the app in a space.' },
  deactivationUrl: { label: 'Deactivate extension (deactivationUrl)', hint: 'Called when a user deactivates it.' },
  configureUrl: { label: 'Configure extension (configureUrl)', hint: 'Called when a user updates its configuration; may answer with a redirect.' },
  removeUrl: { label: 'Remove extension (removeUrl)', hint: 'Called when the app is removed from a space.' },
};

export function VersionForm({ values, context }: { values: VersionStepValues; context: StepContext }) {
  const previous = context.lastSentVersion;
  const step = useStepForm({
    registrationId: context.registrationId,
    step: 9,
    schema: () => import('@/lib/wizard/step-schemas').then((m) => m.versionStepSchemaAfter(previous)),
    initialValues: { ...values, authorizationHeader: '' },
    initialRevision: context.revision,
  });
  const { register, control, formState, setValue, watch } = step.form;
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
        <FieldShell name="version" label="Version" hint="Semantic version, e.g. 1.0.0." error={e.version?.message}>
          <TextInput {...register('version')} hint error={e.version?.message} spellCheck={false} />
        </FieldShell>
        <FieldShell name="releaseDate" label="Release date" hint="ISO 8601, in UTC." error={e.releaseDate?.message}>
          <div className="flex gap-2">
            <TextInput {...register('releaseDate')} hint error={e.releaseDate?.message} spellCheck={false} />
            <Button type="button" variant="secondary" onClick={() => setValue('releaseDate', new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), { shouldDirty: true, shouldValidate: true })}>
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

        <FieldShell name="dependencies" label="Dependencies (JSON)" hint='Optional. A JSON list, e.g. [{"namespace": "other_app"}]. Contact Banqup about dependencies.' error={e.dependencies?.message}>
          <TextArea {...register('dependencies')} hint error={e.dependencies?.message} rows={3} spellCheck={false} className="font-mono" />
        </FieldShell>
        <FieldShell name="clientConfigurations" label="Client configurations (JSON)" hint="Optional. A JSON object: access management and endpoints used to install partner apps across clients." error={e.clientConfigurations?.message}>
          <TextArea {...register('clientConfigurations')} hint error={e.clientConfigurations?.message} rows={4} spellCheck={false} />
        </FieldShell>
      </fieldset>

      <fieldset className="space-y-4">
        <legend className="mb-2 text-lg font-semibold">App callbacks</legend>
        <p className="text-sm text-slate-600 dark:text-slate-400">Banqup calls these with POST on lifecycle events and expects 200 OK. Use https.</p>
        {APP_CALLBACK_KEYS.map((key) => {
          const name = `appCallbacks.${key}` as const;
          const error = e.appCallbacks?.[key]?.message;
          const url = watch(name);
          return (
            <FieldShell key={key} name={name} label={CALLBACK_LABELS[key].label} hint={CALLBACK_LABELS[key].hint} error={error} warning={url.startsWith('http://') ? 'Not https: fine for the sandbox, refused by reviewers for production.' : undefined}>
              <TextInput {...register(name)} type="url" hint error={error} placeholder="https://myapp.example/banqup/…" spellCheck={false} />
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
    </StepFrame>
  );
}
