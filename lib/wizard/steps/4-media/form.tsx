'use client';

import { useState } from 'react';
import { useDropzone } from 'react-dropzone';
import { useFieldArray } from 'react-hook-form';
import { LazyStorePreview } from '@/components/store-preview/lazy-store-preview';
import { Button } from '@/components/ui/button';
import { MEDIA_MAX_BYTES } from '@/lib/banqup/limits';
import { LISTING_LIMITS, MAX_MEDIA_ITEMS } from '@/lib/wizard/listing-limits';
import { mediaWarnings } from '@/lib/wizard/image-warnings';
import type { MediaStepValues } from './schema';
import type { PreviewImage } from '@/lib/wizard/store-preview';
import { errorId, fieldId } from '@/components/wizard/field-ids';
import { StepFrame } from '@/components/wizard/step-frame';
import type { StepContext } from '@/components/wizard/step-context';
import { describeRejection, formatBytes, IMAGE_ACCEPT, uploadAsset } from '@/components/wizard/upload';
import { useStepForm } from '@/components/wizard/use-step-form';

type Upload = { key: string; name: string; progress: number; error?: string };


export function MediaForm({ values, context }: { values: MediaStepValues; context: StepContext }) {
  const step = useStepForm({ registrationId: context.registrationId, step: 4, schemaContext: context.schema, initialValues: values, initialRevision: context.revision });
  const { control, formState } = step.form;
  const media = useFieldArray({ control, name: 'media' });
  const [assets, setAssets] = useState(context.assets.filter((asset) => asset.kind === 'media'));
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const [dragging, setDragging] = useState<number | null>(null);
  const byId = new Map(assets.map((asset) => [asset.id, asset]));

  const update = (key: string, patch: Partial<Upload>) => setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...patch } : u)));

  const dropzone = useDropzone({
    // The zone takes drops; a real button opens the file chooser (keyboard and screen readers).
    noClick: true,
    noKeyboard: true,
    accept: IMAGE_ACCEPT,
    maxSize: MEDIA_MAX_BYTES,
    onDrop: async (accepted, rejected) => {
      const refused = rejected.map((r) => ({ key: crypto.randomUUID(), name: r.file.name, progress: 0, error: describeRejection(r.errors[0]?.code ?? '', MEDIA_MAX_BYTES) }));
      const room = MAX_MEDIA_ITEMS - media.fields.length;
      const tooMany = accepted.slice(Math.max(0, room)).map((file) => ({ key: crypto.randomUUID(), name: file.name, progress: 0, error: `at most ${MAX_MEDIA_ITEMS} images` }));
      const queued = accepted.slice(0, Math.max(0, room)).map((file) => ({ file, upload: { key: crypto.randomUUID(), name: file.name, progress: 0 } }));
      setUploads((list) => [...list.filter((u) => !u.error && u.progress < 1), ...refused, ...tooMany, ...queued.map((q) => q.upload)]);
      // One at a time, in the order dropped: the display order follows.
      for (const { file, upload } of queued) {
        const result = await uploadAsset(context.registrationId, 'media', file, (progress) => update(upload.key, { progress }));
        if (!result.ok) {
          update(upload.key, { error: result.message });
          continue;
        }
        setAssets((list) => [...list, result.asset]);
        media.append({ assetId: result.asset.id });
        setUploads((list) => list.filter((u) => u.key !== upload.key));
      }
    },
  });

  const move = (from: number, to: number) => {
    if (to < 0 || to >= media.fields.length || from === to) return;
    media.move(from, to);
    const asset = byId.get(media.fields[from]?.assetId ?? '');
    setAnnouncement(`${asset?.fileName ?? 'Image'} moved to position ${to + 1} of ${media.fields.length}.`);
  };
  const listError = formState.errors.media?.message ?? formState.errors.media?.root?.message;

  return (
    <StepFrame
      title="Media"
      intro={
        <p>
          Screenshots of your app, in the order the store shows them (at least {LISTING_LIMITS.media.minCount} recommended, 16:9, {LISTING_LIMITS.media.minWidth}×{LISTING_LIMITS.media.minHeight} or larger). Drag to reorder, or use
          the move buttons. Each image is sent as its own call, with its position as displayOrder.
        </p>
      }
      {...step.frame}
      canSend={!context.locked && uploads.every((u) => u.error)}
    >
      <div
        {...dropzone.getRootProps({
          className: `flex flex-col items-center justify-center rounded-lg border-2 border-dashed p-8 text-center ${dropzone.isDragActive ? 'border-brand-600 bg-brand-50 dark:bg-slate-800' : 'border-slate-300 bg-white dark:border-slate-700 dark:bg-slate-900'}`,
        })}
      >
        <input {...dropzone.getInputProps({ id: fieldId('media'), 'aria-describedby': errorId('media'), 'aria-label': 'Media files' })} />
        <p className="font-medium">Drop screenshots here</p>
        <p className="text-sm text-slate-600 dark:text-slate-400">SVG, PNG, JPEG or WebP · up to {formatBytes(MEDIA_MAX_BYTES)} each · at most {MAX_MEDIA_ITEMS}</p>
        <Button type="button" variant="secondary" className="mt-3" onClick={dropzone.open}>
          Choose screenshots
        </Button>
      </div>
      <p id={errorId('media')} aria-live="polite" className="text-sm text-red-700 empty:hidden dark:text-red-400">
        {listError}
      </p>

      {uploads.length ? (
        <ul aria-label="Uploads" className="space-y-2">
          {uploads.map((upload) => (
            <li key={upload.key} className="text-sm wrap-anywhere">
              {upload.error ? (
                <p role="alert" className="text-red-700 dark:text-red-400">
                  {upload.name}: {upload.error}
                </p>
              ) : (
                <label className="block">
                  Uploading {upload.name}…
                  <progress max={1} value={upload.progress} className="block w-full" />
                </label>
              )}
            </li>
          ))}
        </ul>
      ) : null}

      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
      {media.fields.length ? (
        <ol aria-label="Media in display order" className="space-y-3">
          {media.fields.map((field, index) => {
            const asset = byId.get(field.assetId);
            const warnings = asset ? mediaWarnings(asset).map((warning) => warning.sentence) : [];
            const sentId = context.sentIds[`media:${index + 1}`];
            return (
              <li
                key={field.id}
                draggable
                onDragStart={(event) => {
                  setDragging(index);
                  event.dataTransfer.effectAllowed = 'move';
                }}
                onDragOver={(event) => event.preventDefault()}
                onDrop={(event) => {
                  event.preventDefault();
                  if (dragging !== null) move(dragging, index);
                  setDragging(null);
                }}
                onDragEnd={() => setDragging(null)}
                className={`flex flex-wrap items-center gap-x-4 gap-y-3 rounded-lg border bg-white p-3 dark:bg-slate-900 ${dragging === index ? 'border-brand-600 opacity-60' : 'border-slate-200 dark:border-slate-800'}`}
              >
                <span aria-hidden className="cursor-grab select-none px-1 text-slate-400">
                  ⋮⋮
                </span>
                <span className="w-8 text-center text-lg font-semibold tabular-nums">{index + 1}</span>
                {/* eslint-disable-next-line @next/next/no-img-element -- an uploaded asset, served by this app */}
                <img src={`/api/assets/${field.assetId}`} alt={`Screenshot ${index + 1}: ${asset?.fileName ?? ''}`} className="h-20 w-36 rounded border border-slate-200 object-cover dark:border-slate-700" />
                {/* At least 12rem wide, else on a line of its own (phones): file names and ids wrap, never cut. */}
                <div className="min-w-0 flex-[1_1_12rem] text-sm">
                  <p className="font-medium wrap-anywhere">{asset?.fileName ?? 'Uploaded image'}</p>
                  <p className="text-slate-600 dark:text-slate-400">
                    {asset ? `${asset.contentType} · ${formatBytes(asset.byteSize)}${asset.width && asset.height ? ` · ${asset.width}×${asset.height}` : ''}` : ''}
                  </p>
                  {warnings.length ? <p className="text-amber-800 dark:text-amber-300">{warnings.join(' ')}</p> : null}
                  {sentId ? (
                    <p className="text-xs text-slate-600 dark:text-slate-400">
                      Banqup media id: <code className="break-all">{sentId}</code>
                    </p>
                  ) : null}
                </div>
                <div className="flex gap-1">
                  <Button type="button" variant="secondary" onClick={() => move(index, index - 1)} disabled={index === 0} aria-label={`Move ${asset?.fileName ?? 'image'} up`}>
                    ↑
                  </Button>
                  <Button type="button" variant="secondary" onClick={() => move(index, index + 1)} disabled={index === media.fields.length - 1} aria-label={`Move ${asset?.fileName ?? 'image'} down`}>
                    ↓
                  </Button>
                  <Button type="button" variant="secondary" onClick={() => media.remove(index)} aria-label={`Remove ${asset?.fileName ?? 'image'}`}>
                    Remove
                  </Button>
                </div>
              </li>
            );
          })}
        </ol>
      ) : null}
      {media.fields.length > 0 && media.fields.length < LISTING_LIMITS.media.minCount ? (
        <p className="text-sm text-amber-800 dark:text-amber-300">Stores usually show at least {LISTING_LIMITS.media.minCount} screenshots.</p>
      ) : null}
      <LazyStorePreview
        saved={context.preview}
        live={{
          media: media.fields.flatMap((field): PreviewImage[] => {
            const asset = byId.get(field.assetId);
            return asset ? [{ id: asset.id, fileName: asset.fileName }] : [];
          }),
        }}
        compact
      />
    </StepFrame>
  );
}
