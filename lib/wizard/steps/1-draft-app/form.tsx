'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { toast } from '@/components/ui/toast';
import { createDraftAppInSandbox, createDraftAppViaApi, type ApiDraftAppResult, type SandboxDraftAppResult } from '@/lib/wizard/steps/1-draft-app/actions';
import { Button } from '@/components/ui/button';
import { appNameWarnings, namespaceWarnings } from './identity-warnings';
import type { DraftAppStepValues } from './schema';
import { FieldShell, TextInput, inputClasses } from '@/components/wizard/fields';
import { StepFrame } from '@/components/wizard/step-frame';
import type { StepContext } from '@/components/wizard/step-context';
import { useStepForm, wizardQueryKey } from '@/components/wizard/use-step-form';
import { supportRequest } from './support-request';

export function DraftAppForm({ values, context }: { values: DraftAppStepValues; context: StepContext }) {
  const { form, save, saveDraft, conflict, overwrite, errors, submitCount, exclusive } = useStepForm({
    registrationId: context.registrationId,
    step: 1,
    schemaContext: context.schema,
    initialValues: values,
    initialRevision: context.revision,
  });
  const queryClient = useQueryClient();
  const { register, watch, formState, setValue, trigger } = form;
  const current = watch();
  const e = formState.errors;
  const request = supportRequest(current);
  /** The request's text when complete, else the list of what it needs: where "Go to the request" lands. */
  const supportTarget = useRef<HTMLTextAreaElement & HTMLDivElement>(null);
  const [apiFailure, setApiFailure] = useState<Extract<ApiDraftAppResult, { ok: false }> | null>(null);
  const [sandboxFailure, setSandboxFailure] = useState<Extract<SandboxDraftAppResult, { ok: false }> | null>(null);
  /** An earlier creation may have reached Banqup: the person must confirm before creating again. */
  const [confirmAgain, setConfirmAgain] = useState<'api' | 'sandbox' | null>(null);
  const uncertain = Boolean(apiFailure?.uncertain || sandboxFailure?.uncertain);

  /** The Support route, one click from a refusal (or a Copy of an incomplete request): scrolled to, focused, selected for copying. */
  const goToSupport = () => {
    const target = supportTarget.current;
    if (!target) return;
    target.scrollIntoView({ behavior: 'smooth', block: 'center' });
    target.focus({ preventScroll: true });
    if (target instanceof HTMLTextAreaElement) target.select();
  };

  const apiDraft = useMutation({
    mutationFn: async (createAgain: boolean = false) => {
      if (!(await trigger(['name', 'namespace', 'ownerEntityId']))) return null;
      return exclusive((baseRevision) => createDraftAppViaApi(context.registrationId, form.getValues(), baseRevision, createAgain ? { createAgain } : {}));
    },
    onSuccess: (result) => {
      if (!result) return;
      setConfirmAgain(null);
      if (!result.ok) {
        setApiFailure(result);
        for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
          if (field === 'name' || field === 'namespace' || field === 'ownerEntityId') form.setError(field, { type: 'server', message: messages.join(' ') });
        }
        if (result.createdApplicationId) setValue('applicationId', result.createdApplicationId, { shouldDirty: true });
        toast.error(result.needsSupport && result.status ? 'This Banqup environment needs the Support route.' : result.message);
        return;
      }
      setApiFailure(null);
      setValue('applicationId', result.applicationId, { shouldDirty: true });
      toast.success('Draft app created through the API: applicationId filled in.');
      void queryClient.invalidateQueries({ queryKey: wizardQueryKey(context.registrationId) });
    },
    onError: () => toast.error('No connection to the server: nothing was sent. Your changes are still here.'),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: wizardQueryKey(context.registrationId) }),
  });
  const subject = `Banqup Store: draft app request for ${current.name.trim() || 'my app'}`;

  const sandboxDraft = useMutation({
    mutationFn: async (createAgain: boolean = false) => {
      if (!(await trigger(['name', 'namespace', 'ownerEntityId', 'developerPortalAppId']))) return null;
      return exclusive((baseRevision) => createDraftAppInSandbox(context.registrationId, form.getValues(), baseRevision, createAgain ? { createAgain } : {}));
    },
    onSuccess: (result) => {
      if (!result) return;
      setConfirmAgain(null);
      if (!result.ok) {
        setSandboxFailure(result);
        if (result.createdApplicationId) setValue('applicationId', result.createdApplicationId, { shouldDirty: true });
        toast.error(result.message);
        return;
      }
      setSandboxFailure(null);
      setValue('applicationId', result.applicationId, { shouldDirty: true });
      toast.success('Draft app created in the sandbox: applicationId filled in.');
      void queryClient.invalidateQueries({ queryKey: wizardQueryKey(context.registrationId) });
    },
  });

  const download = () => {
    if (!request.ok) return notReady();
    const url = URL.createObjectURL(new Blob([request.text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `banqup-draft-request-${current.namespace.trim() || 'app'}.txt`;
    link.click();
    URL.revokeObjectURL(url);
  };
  /** A copy of an incomplete request is refused: the list of what it needs takes focus instead. */
  const notReady = () => {
    toast.error('Nothing copied: the request is not complete yet. See what it needs.');
    goToSupport();
  };
  const copy = () => {
    if (!request.ok) return notReady();
    void navigator.clipboard.writeText(request.text).then(
      () => toast.success('Copied'),
      () => toast.error('The browser did not allow copying: select the text and copy it yourself.'),
    );
  };

  const createInSandbox = (
    <Button type="button" onClick={() => sandboxDraft.mutate(false)} disabled={sandboxDraft.isPending || apiDraft.isPending}>
      {sandboxDraft.isPending ? 'Creating…' : 'Create the draft in the sandbox'}
    </Button>
  );
  const createThroughApi = (variant: 'primary' | 'secondary') => (
    <Button type="button" variant={variant} onClick={() => apiDraft.mutate(false)} disabled={apiDraft.isPending || sandboxDraft.isPending}>
      {apiDraft.isPending ? 'Creating…' : 'Create the draft through the API'}
    </Button>
  );
  const apiRefusal =
    apiFailure && !apiFailure.uncertain ? (
      <div role="alert" className="space-y-2 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
        {/* A refusal by the environment (403/404/405), as opposed to a draft the API cannot take (no ownerEntityId). */}
        {apiFailure.needsSupport && apiFailure.status ? <p className="font-semibold">This Banqup environment needs the Support route.</p> : null}
        <p>{apiFailure.message}</p>
        {apiFailure.requestId ? <p className="text-xs">Request id for Banqup Support: {apiFailure.requestId}</p> : null}
        {apiFailure.needsSupport ? (
          <Button type="button" variant="secondary" onClick={goToSupport}>
            Go to the request for Banqup Support
          </Button>
        ) : null}
      </div>
    ) : null;
  const hasApplicationId = current.applicationId.trim() !== '';

  return (
    <StepFrame
      title="Draft app"
      intro={
        context.sandbox ? (
          <p>
            Banqup creates a draft of your app and gives you its <strong>applicationId</strong>, which unlocks the next steps. In sandbox mode the sandbox
            plays Banqup: fill in your app, then create the draft in the sandbox.
          </p>
        ) : (
          <p>
            Banqup creates a draft of your app and gives you its <strong>applicationId</strong>, which unlocks the next steps. Fill in your app, then create
            the draft through the API. Where this Banqup environment does not allow that, send the request to Banqup Support and enter the applicationId they
            send back.
          </p>
        )
      }
      save={save}
      errors={errors}
      submitCount={submitCount}
      conflict={conflict}
      onOverwrite={overwrite}
      onSaveDraft={() => saveDraft.mutate()}
      savingDraft={saveDraft.isPending}
    >
      <fieldset className="space-y-4">
        <legend className="text-lg font-semibold">Your app</legend>
        <FieldShell name="name" label="App name" hint="As it should appear in the Banqup Store." error={e.name?.message} warning={appNameWarnings(current.name ?? '')[0]}>
          <TextInput {...register('name')} hint error={e.name?.message} autoComplete="off" />
        </FieldShell>
        <FieldShell
          name="namespace"
          label="Namespace"
          hint="How Banqup knows your app, e.g. com.example.invoices or my_namespace. Banqup publishes no format rule."
          error={e.namespace?.message}
          warning={namespaceWarnings(current.namespace ?? '')[0]}
        >
          <TextInput {...register('namespace')} hint error={e.namespace?.message} autoComplete="off" spellCheck={false} />
        </FieldShell>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">Who owns the app</legend>
          <label className="flex items-start gap-2 text-sm">
            <input type="radio" value="entity" {...register('identity')} className="mt-1" />
            <span>
              My entity registers it in Banqup: I give the <strong>ownerEntityId</strong> (the legal entity id).
            </span>
          </label>
          <label className="flex items-start gap-2 text-sm">
            <input type="radio" value="portal" {...register('identity')} className="mt-1" />
            <span>I do not register the app in Banqup: I give only the app id from my Developer Portal account.</span>
          </label>
        </fieldset>
        {current.identity === 'entity' ? (
          <FieldShell name="ownerEntityId" label="ownerEntityId (legal entity id)" hint="A UUID: 8-4-4-4-12 hexadecimal digits." error={e.ownerEntityId?.message}>
            <TextInput {...register('ownerEntityId')} hint error={e.ownerEntityId?.message} autoComplete="off" spellCheck={false} />
          </FieldShell>
        ) : (
          <FieldShell name="developerPortalAppId" label="Developer Portal app id" hint="A UUID, from your Developer Portal account." error={e.developerPortalAppId?.message}>
            <TextInput {...register('developerPortalAppId')} hint error={e.developerPortalAppId?.message} autoComplete="off" spellCheck={false} />
          </FieldShell>
        )}
      </fieldset>

      <section aria-labelledby="create-draft-title" className="space-y-3 rounded-lg border-2 border-brand-600 bg-white p-4 dark:border-brand-100 dark:bg-slate-900">
        <h2 id="create-draft-title" className="text-lg font-semibold">
          {context.sandbox ? 'Create the draft in the sandbox' : 'Create the draft through the API'}
        </h2>
        {context.sandbox ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">The sandbox creates the draft app as Banqup would, and its applicationId fills in below. Nothing is sent to Banqup.</p>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Sends <code>POST /servicemngmt/v2/applications</code> with the app name, namespace and ownerEntityId (a client with the <code>store_write</code>{' '}
            scope); the applicationId it answers fills in below. Some Banqup environments do not allow it: then send the request to Banqup Support instead.
            {current.identity === 'portal' ? ' With only a Developer Portal app id, the API cannot create the draft: send the request to Banqup Support.' : ''}
          </p>
        )}
        <div className="flex flex-wrap gap-2">{context.sandbox ? createInSandbox : createThroughApi('primary')}</div>
        {context.sandbox ? null : apiRefusal}
        {hasApplicationId ? <p className="text-sm text-slate-600 dark:text-slate-400">This registration has its applicationId: the draft app exists.</p> : null}
      </section>

      {uncertain ? (
        <div role="alert" className="space-y-2 rounded-md border border-orange-300 bg-orange-50 p-4 text-sm text-orange-950 dark:border-orange-800 dark:bg-orange-950 dark:text-orange-100">
          <p className="font-semibold">The draft app may already exist at Banqup</p>
          <p>{apiFailure?.uncertain ? apiFailure.message : sandboxFailure?.message}</p>
          {confirmAgain ? (
            <div className="space-y-2">
              <p>
                If the earlier attempt arrived, creating again makes a second draft app for {current.namespace || 'this namespace'}, and no API call can remove
                it. Create it again anyway?
              </p>
              <div className="flex flex-wrap gap-2">
                <Button type="button" onClick={() => (confirmAgain === 'api' ? apiDraft.mutate(true) : sandboxDraft.mutate(true))} disabled={apiDraft.isPending || sandboxDraft.isPending}>
                  Yes, create the draft again
                </Button>
                <Button type="button" variant="secondary" onClick={() => setConfirmAgain(null)}>
                  Cancel
                </Button>
              </div>
            </div>
          ) : (
            <Button type="button" variant="secondary" onClick={() => setConfirmAgain(apiFailure?.uncertain ? 'api' : 'sandbox')}>
              Create the draft again anyway…
            </Button>
          )}
        </div>
      ) : null}

      <fieldset className="space-y-4">
        <legend className="text-lg font-semibold">From Banqup</legend>
        <FieldShell
          name="applicationId"
          label="applicationId"
          hint={
            context.sandbox
              ? 'Filled in when the draft is created. It is not the app id of the Developer Portal.'
              : 'Filled in when the API creates the draft; from Banqup Support, enter the id they send back (a UUID). It is not the app id of the Developer Portal.'
          }
          error={e.applicationId?.message}
        >
          <TextInput {...register('applicationId')} hint error={e.applicationId?.message} autoComplete="off" spellCheck={false} />
        </FieldShell>
      </fieldset>

      <section aria-labelledby="request-title" className="space-y-3 rounded-lg border border-dashed border-slate-300 p-4 dark:border-slate-700">
        <h2 id="request-title" className="font-medium">
          {context.sandbox ? 'Or: the request you would send to Banqup Support' : 'Or ask Banqup Support'}
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {context.sandbox
            ? 'Outside the sandbox, where the API does not create drafts, Banqup Support does: this is the request they need.'
            : 'Where the API does not create drafts, Banqup Support does: send them this request, then enter the applicationId they send back above.'}
        </p>
        {request.ok ? (
          <>
            <label htmlFor="support-request" className="sr-only">
              Request text
            </label>
            <textarea ref={supportTarget} id="support-request" readOnly value={request.text} rows={8} className={`${inputClasses} font-mono text-xs`} />
          </>
        ) : (
          <div ref={supportTarget} tabIndex={-1} id="support-request-missing" className="rounded-md bg-slate-50 p-3 text-sm dark:bg-slate-800">
            <p className="font-medium">The request is not complete yet:</p>
            <ul className="mt-1 list-disc pl-5">
              {request.missing.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          </div>
        )}
        <div className="flex flex-wrap gap-2">
          <Button type="button" variant="secondary" onClick={copy} aria-describedby={request.ok ? undefined : 'support-request-missing'}>
            Copy the request
          </Button>
          <Button type="button" variant="secondary" onClick={download} aria-describedby={request.ok ? undefined : 'support-request-missing'}>
            Download .txt
          </Button>
          {context.supportEmail && request.ok ? (
            <a
              className="inline-flex items-center rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-50 dark:border-slate-600 dark:hover:bg-slate-800"
              href={`mailto:${context.supportEmail}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(request.text)}`}
            >
              E-mail Banqup Support
            </a>
          ) : null}
        </div>
        {context.sandbox ? (
          <div className="space-y-2 border-t border-slate-200 pt-3 dark:border-slate-800">
            <h3 className="text-sm font-medium">Or try the API route</h3>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              The sandbox also answers <code>POST /servicemngmt/v2/applications</code> as a Banqup environment that allows it, with the app name, namespace and
              ownerEntityId.
            </p>
            {createThroughApi('secondary')}
            {apiRefusal}
          </div>
        ) : null}
      </section>

    </StepFrame>
  );
}
