'use client';

import { useState } from 'react';
import { useDropzone } from 'react-dropzone';
import { LazyStorePreview } from '@/components/store-preview/lazy-store-preview';
import { Button } from '@/components/ui/button';
import { LOGO_MAX_BYTES } from '@/lib/banqup/limits';
import { logoWarnings } from '@/lib/wizard/image-warnings';
import type { LogoStepValues } from './schema';
import { errorId, fieldId } from '@/components/wizard/field-ids';
import { StepFrame } from '@/components/wizard/step-frame';
import type { StepContext } from '@/components/wizard/step-context';
import { describeRejection, formatBytes, IMAGE_ACCEPT, uploadAsset } from '@/components/wizard/upload';
import { useStepForm } from '@/components/wizard/use-step-form';


export function LogoForm({ values, context }: { values: LogoStepValues; context: StepContext }) {
  const step = useStepForm({ registrationId: context.registrationId, step: 3, schemaContext: context.schema, initialValues: values, initialRevision: context.revision });
  const { setValue, watch, formState } = step.form;
  const [assets, setAssets] = useState(context.assets.filter((asset) => asset.kind === 'logo'));
  const [progress, setProgress] = useState<number | null>(null);
  const [problem, setProblem] = useState<string>();
  const [removed, setRemoved] = useState<string[]>([]);
  const logoId = watch('logoAssetId');
  const logo = assets.find((asset) => asset.id === logoId);

  const dropzone = useDropzone({
    // The zone takes drops; a real button opens the file chooser (keyboard and screen readers).
    noClick: true,
    noKeyboard: true,
    accept: IMAGE_ACCEPT,
    maxFiles: 1,
    multiple: false,
    maxSize: LOGO_MAX_BYTES,
    onDrop: async (accepted, rejected) => {
      const refusal = rejected[0];
      if (refusal) return setProblem(`${refusal.file.name}: ${describeRejection(refusal.errors[0]?.code ?? '', LOGO_MAX_BYTES)}.`);
      const file = accepted[0];
      if (!file) return;
      setProblem(undefined);
      setProgress(0);
      const result = await uploadAsset(context.registrationId, 'logo', file, setProgress);
      setProgress(null);
      if (!result.ok) return setProblem(`${file.name}: ${result.message}`);
      setAssets((list) => [...list, result.asset]);
      setRemoved(result.removed);
      setValue('logoAssetId', result.asset.id, { shouldDirty: true, shouldValidate: true });
    },
  });
  const fieldError = formState.errors.logoAssetId?.message;

  return (
    <StepFrame
      title="Logo"
      intro={<p>One square image, SVG or PNG (JPEG and WebP work too), at most {formatBytes(LOGO_MAX_BYTES)}. Sending replaces the logo at Banqup.</p>}
      {...step.frame}
      canSend={!context.locked && progress === null}
    >
      <div
        {...dropzone.getRootProps({
          className: `flex flex-col items-center justify-center rounded-lg border-2 border-dashed p-8 text-center ${dropzone.isDragActive ? 'border-brand-600 bg-brand-50 dark:bg-slate-800' : 'border-slate-300 bg-white dark:border-slate-700 dark:bg-slate-900'}`,
        })}
      >
        <input {...dropzone.getInputProps({ id: fieldId('logoAssetId'), 'aria-describedby': errorId('logoAssetId'), 'aria-label': 'Logo file' })} />
        <p className="font-medium">Drop the logo here</p>
        <p className="text-sm text-slate-600 dark:text-slate-400">SVG, PNG, JPEG or WebP · up to {formatBytes(LOGO_MAX_BYTES)}</p>
        <Button type="button" variant="secondary" className="mt-3" onClick={dropzone.open}>
          Choose a logo file
        </Button>
      </div>
      {progress !== null ? (
        <div>
          <label htmlFor="logo-progress" className="text-sm">
            Uploading…
          </label>
          <progress id="logo-progress" max={1} value={progress} className="w-full" />
        </div>
      ) : null}
      <p id={errorId('logoAssetId')} role="alert" className="text-sm text-red-700 empty:hidden dark:text-red-400">
        {problem ?? fieldError}
      </p>
      {removed.length ? (
        <div role="status" className="rounded-md bg-amber-50 p-3 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100">
          The SVG was cleaned before it was stored. Removed: {removed.join('; ')}.
        </div>
      ) : null}
      {logo ? (
        <figure className="flex flex-wrap items-start gap-6 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
          {/* eslint-disable-next-line @next/next/no-img-element -- an uploaded asset, served by this app */}
          <img src={`/api/assets/${logo.id}`} alt="Logo preview" className="size-32 rounded-lg border border-slate-200 object-contain dark:border-slate-700" />
          <figcaption className="min-w-0 space-y-1 text-sm">
            <p className="font-medium wrap-anywhere">{logo.fileName}</p>
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 text-slate-600 dark:text-slate-400">
              <dt>Type</dt>
              <dd>{logo.contentType}</dd>
              <dt>Size</dt>
              <dd>{formatBytes(logo.byteSize)}</dd>
              <dt>Dimensions</dt>
              <dd>{logo.width && logo.height ? `${logo.width}×${logo.height}` : 'scalable (no fixed size)'}</dd>
            </dl>
            {logoWarnings(logo).map((warning) => (
              <p key={warning.kind} className="text-amber-800 dark:text-amber-300">
                {warning.sentence}
              </p>
            ))}
          </figcaption>
        </figure>
      ) : null}
      <LazyStorePreview saved={context.preview} live={{ logo: logo ? { id: logo.id, fileName: logo.fileName } : null }} compact />
    </StepFrame>
  );
}
