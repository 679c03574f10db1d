'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useForm, type DefaultValues, type FieldValues, type Path } from 'react-hook-form';
import { toast } from '@/components/ui/toast';
import { checkAtBanqup, resendAnyway, saveStepDraft, sendStepToBanqup, type SendResult, type StepUpdate, type WizardStatus } from '@/lib/wizard/actions';
import { errorEntry } from './error-names';
import { flattenErrors } from './field-ids';
import { useForward } from './forward';
import { lazySchemaResolver, type SchemaLoader } from './schema-resolver';
import type { FormStep, StepSchemaContext } from '@/lib/wizard/steps';

/**
 * A step's schema from the registry, with its context. Some steps' schemas read wider input than
 * the form's values (step 9 reads older drafts' JSON text into rows): the loader is typed by the form's values.
 */
export function registrySchema<T>(step: FormStep, context: StepSchemaContext): SchemaLoader<T> {
  return (() => import('@/lib/wizard/steps').then((m) => m.stepSchema(step, context))) as unknown as SchemaLoader<T>;
}

export const AUTOSAVE_DELAY_MS = 800;

export type SaveIndicator =
  | { state: 'idle' }
  | { state: 'pending' }
  | { state: 'saving' }
  | { state: 'saved'; at: string }
  | { state: 'error'; message: string };

export type StepFormOptions<T extends FieldValues> = {
  registrationId: string;
  step: FormStep;
  /**
   * What the step's schema knows of the other steps (from the page). The schema is the
   * registry's (lib/wizard/steps), loaded when the form is first touched or validated
   * (schema-resolver.ts): the server action parses with the same schema and context.
   */
  schemaContext: StepSchemaContext;
  initialValues: T;
  initialRevision: number;
};

export const wizardQueryKey = (registrationId: string) => ['wizard', registrationId] as const;

/** An entry of the error summary: the field's path (its link), and the sentence that names it. */
export type StepError = { path: string; message: string; text: string };

/**
 * A step's form: react-hook-form with the step's zod schema, drafts autosaved to the server
 * (debounced, one save at a time, conflicts detected by revision), "Save draft" and the send
 * ("Send and continue": on to the next step once Banqup took everything) as react-query
 * mutations over the server actions.
 */
export function useStepForm<T extends FieldValues>({ registrationId, step, schemaContext, initialValues, initialRevision }: StepFormOptions<T>) {
  const [{ resolver, warm }] = useState(() => lazySchemaResolver(registrySchema<T>(step, schemaContext)));
  const form = useForm<T>({
    resolver,
    defaultValues: initialValues as DefaultValues<T>,
    // Validate on the first send, then as the user corrects: no messages (and no layout shifts)
    // while a form is being filled in for the first time.
    mode: 'onSubmit',
    reValidateMode: 'onChange',
    // The error summary takes the focus after a failed send (GOV.UK's pattern): each entry links
    // to its field. react-hook-form's own focus on the first field came after it, and won.
    shouldFocusError: false,
  });
  const queryClient = useQueryClient();
  const revision = useRef(initialRevision);
  const conflictRef = useRef<number | null>(null);
  const [conflict, setConflict] = useState<number | null>(null);
  const [save, setSave] = useState<SaveIndicator>({ state: 'idle' });
  const [submitCount, setSubmitCount] = useState(0);
  const [serverErrors, setServerErrors] = useState<{ path: string; message: string }[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const dirtySinceSave = useRef(false);
  /** Every change of the form's values, counted: a send moves on only if none came while it ran. */
  const changes = useRef(0);

  const refreshStatus = useCallback(() => queryClient.invalidateQueries({ queryKey: wizardQueryKey(registrationId) }), [queryClient, registrationId]);
  /** The saved or sent step's new status, from the action's answer: no second request for the step list. */
  const applyUpdate = useCallback(
    (update: StepUpdate) =>
      queryClient.setQueryData<WizardStatus>(wizardQueryKey(registrationId), (old) =>
        old
          ? {
              ...old,
              statuses: old.statuses.map((status) => (status.step === update.status.step ? update.status : status)),
              atBanqup: update.atBanqup ? old.atBanqup.map((view) => (view.step === update.atBanqup?.step ? update.atBanqup : view)) : old.atBanqup,
            }
          : old,
      ),
    [queryClient, registrationId],
  );
  /** After a send: the step's status it answered with, or (no answer, or none in it) asked afresh. */
  const showStatusAfter = useCallback((result: SendResult | undefined) => (result?.update ? applyUpdate(result.update) : void refreshStatus()), [applyUpdate, refreshStatus]);

  /** Saves now, after any save already under way (saves never overlap or reorder). */
  const saveNow = useCallback((): Promise<boolean> => {
    clearTimeout(timer.current);
    const run = chain.current.then(async () => {
      if (conflictRef.current !== null) return false;
      dirtySinceSave.current = false;
      setSave({ state: 'saving' });
      const result = await saveStepDraft(registrationId, step, form.getValues(), revision.current).catch(() => ({
        ok: false as const,
        message: 'No connection to the server: not saved yet. Your changes are still here.',
        conflict: undefined,
      }));
      if (result.ok) {
        revision.current = result.revision;
        setSave({ state: 'saved', at: result.savedAt });
        if (result.notice) toast.success(result.notice);
        if (result.update) applyUpdate(result.update);
        else void refreshStatus();
        return true;
      }
      dirtySinceSave.current = true;
      if (result.conflict) {
        conflictRef.current = result.conflict.revision;
        setConflict(result.conflict.revision);
      }
      setSave({ state: 'error', message: result.message });
      return false;
    });
    chain.current = run.catch(() => undefined);
    return run;
  }, [applyUpdate, form, refreshStatus, registrationId, step]);

  // The schema is fetched at the person's first touch of the page, so it is there by the time
  // they send (the first validation waits for it otherwise).
  useEffect(() => {
    const events = ['pointerdown', 'focusin', 'keydown'] as const;
    const once = () => {
      warm();
      for (const name of events) document.removeEventListener(name, once, true);
    };
    for (const name of events) document.addEventListener(name, once, true);
    return () => {
      for (const name of events) document.removeEventListener(name, once, true);
    };
  }, [warm]);

  // Autosave: every change schedules a save; the last one within the delay wins.
  useEffect(() => {
    return form.subscribe({
      formState: { values: true },
      callback: () => {
        changes.current += 1;
        dirtySinceSave.current = true;
        setSave({ state: 'pending' });
        clearTimeout(timer.current);
        timer.current = setTimeout(() => void saveNow(), AUTOSAVE_DELAY_MS);
      },
    });
  }, [form, saveNow]);

  // Leaving the step: save what is pending. Moving to another step (a client-side navigation)
  // keeps the page alive, so the save completes; closing or reloading the page asks first
  // only when the last save failed, since then the changes exist nowhere else.
  const lastSaveFailed = useRef(false);
  useEffect(() => {
    lastSaveFailed.current = save.state === 'error';
  }, [save]);
  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden' && dirtySinceSave.current) void saveNow();
    };
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!dirtySinceSave.current) return;
      void saveNow();
      if (lastSaveFailed.current) event.preventDefault();
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('beforeunload', onBeforeUnload);
      clearTimeout(timer.current);
      if (dirtySinceSave.current) void saveNow();
    };
  }, [saveNow]);

  const saveDraft = useMutation({
    mutationFn: saveNow,
    onSuccess: (ok) => (ok ? toast.success('Draft saved') : toast.error('The draft was not saved')),
  });

  /**
   * Runs a server action that saves this step (send, create a draft...) in turn with the
   * autosaves: after the one under way, instead of the one pending, with the current revision,
   * and adopting the revision it returns. Two saves never race on the same revision.
   */
  const exclusive = useCallback(<R extends object>(work: (baseRevision: number) => Promise<R>): Promise<R> => {
    clearTimeout(timer.current);
    const run = chain.current.then(async () => {
      dirtySinceSave.current = false;
      const result = await work(revision.current);
      if ('revision' in result && typeof result.revision === 'number') revision.current = result.revision;
      return result;
    });
    chain.current = run.catch(() => undefined);
    return run;
  }, []);

  const [confirmation, setConfirmation] = useState<{ digest: string; consequences: string[] } | null>(null);
  const forward = useForward();
  /** The error notices of this step's sends: closed once a send succeeds (the retry made them good). */
  const sendErrorToasts = useRef<number[]>([]);
  const sendError = (message: string) => void sendErrorToasts.current.push(toast.error(message));

  const onSendResult = (result: SendResult) => {
    const errors: { path: string; message: string }[] = [];
    setConfirmation(null);
    if (!result.ok) {
      if (result.conflict) {
        conflictRef.current = result.conflict.revision;
        setConflict(result.conflict.revision);
      }
      for (const [path, messages] of Object.entries(result.fieldErrors ?? {})) {
        const message = messages.join(' ');
        form.setError(path as Path<T>, { type: 'server', message });
        errors.push({ path, message });
      }
      if (result.confirm) setConfirmation(result.confirm);
      else sendError(result.message);
    } else {
      for (const id of sendErrorToasts.current.splice(0)) toast.dismiss(id);
      toast.success(result.message);
    }
    // The draft was saved with the send, whatever Banqup answered: say so, unless typed on since.
    if ((result.ok || !result.conflict) && result.revision !== undefined && !dirtySinceSave.current) setSave({ state: 'saved', at: new Date().toISOString() });
    setServerErrors(errors);
    setSubmitCount((n) => n + 1);
  };

  const send = useMutation({
    mutationFn: ({ values, confirm }: { values: T; confirm?: string }): Promise<SendResult> =>
      exclusive((baseRevision) => sendStepToBanqup(registrationId, step, values, baseRevision, confirm ? { confirm } : {})),
    // The form as the send took it: changes counted from here on are not in it.
    onMutate: () => ({ changesAt: changes.current }),
    onSuccess: (result, _variables, started) => {
      onSendResult(result);
      // Banqup took everything (or held it already): on to the next step, or back to the summary;
      // unless the person typed on during the send (that is not sent yet: the page stays).
      if (result.ok && changes.current === started?.changesAt) forward?.go();
    },
    onError: () => sendError('No connection to the server: nothing was sent. Your changes are still here.'),
    onSettled: (result) => void showStatusAfter(result),
  });

  /** "Send again anyway" for an item whose earlier send may have arrived (the person confirmed). */
  const resend = useMutation({
    mutationFn: (ledgerId: number): Promise<SendResult> => exclusive((baseRevision) => resendAnyway(registrationId, step, ledgerId, form.getValues(), baseRevision)),
    onSuccess: onSendResult,
    onError: () => sendError('No connection to the server: nothing was sent.'),
    onSettled: (result) => void showStatusAfter(result),
  });

  /** "Check at Banqup": settles unknown outcomes by reading the application. */
  const check = useMutation({
    mutationFn: () => checkAtBanqup(registrationId),
    onSuccess: (result) => {
      if (!result.ok) return void toast.error(result.message);
      toast.success(result.message);
      // The last send's failure is history now: what Banqup holds is shown afresh.
      send.reset();
      resend.reset();
    },
    onError: () => toast.error('No connection to the server: nothing was checked.'),
    onSettled: () => void refreshStatus(),
  });

  const onSend = form.handleSubmit(
    (values) => send.mutate({ values }),
    () => setSubmitCount((n) => n + 1),
  );

  /** After a conflict: keep what is typed here and save it over the other version. */
  const overwrite = useCallback(() => {
    if (conflictRef.current === null) return;
    revision.current = conflictRef.current;
    conflictRef.current = null;
    setConflict(null);
    void saveNow();
  }, [saveNow]);

  const clientErrors = flattenErrors(form.formState.errors);
  const values = form.getValues() as Record<string, unknown>;
  const errors: StepError[] = (clientErrors.length > 0 ? clientErrors : serverErrors).map((error) => ({ ...error, text: errorEntry(step, error.path, error.message, values) }));

  /** The StepFrame props every sending step passes the same way. */
  const frame = {
    registrationId,
    step,
    save,
    errors,
    submitCount,
    conflict,
    onOverwrite: overwrite,
    onSaveDraft: () => saveDraft.mutate(),
    savingDraft: saveDraft.isPending,
    onSend,
    sending: send.isPending || resend.isPending,
    sendResult: resend.data ?? send.data,
    confirmation,
    onConfirm: () => {
      if (confirmation) send.mutate({ values: form.getValues(), confirm: confirmation.digest });
    },
    onCancelConfirm: () => setConfirmation(null),
    onCheck: () => check.mutate(),
    checking: check.isPending,
    onResendAnyway: (ledgerId: number) => resend.mutate(ledgerId),
  };

  return { form, save, saveDraft, send, onSend, conflict, overwrite, errors, submitCount, saveNow, exclusive, frame };
}
