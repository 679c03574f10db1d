'use client';

import type { StepContext } from './step-context';

export type UploadedAsset = StepContext['assets'][number];
export type UploadResponse = { ok: true; asset: UploadedAsset; removed: string[] } | { ok: false; message: string };

/** Dropzone's accept map: a first filter only; the server decides by the file's content. */
export const IMAGE_ACCEPT = {
  'image/svg+xml': ['.svg'],
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/webp': ['.webp'],
};

/**
 * Uploads one file to the app's asset endpoint with XMLHttpRequest, which (unlike fetch)
 * reports upload progress. The file is only stored; it goes to Banqup when the step is sent.
 */
export function uploadAsset(registrationId: string, kind: 'logo' | 'media', file: File, onProgress: (fraction: number) => void): Promise<UploadResponse> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/registrations/${registrationId}/assets?kind=${kind}`);
    xhr.setRequestHeader('x-requested-with', 'banqup-wizard');
    xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name));
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      try {
        const body = JSON.parse(xhr.responseText) as UploadResponse;
        resolve(body.ok || body.message ? body : { ok: false, message: `Upload failed (HTTP ${xhr.status}).` });
      } catch {
        resolve({ ok: false, message: xhr.status === 413 ? 'The file is too large.' : `Upload failed (HTTP ${xhr.status}).` });
      }
    };
    xhr.onerror = () => resolve({ ok: false, message: 'The upload was interrupted: no connection to the server.' });
    xhr.send(file);
  });
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

/** The dropzone's own refusals (size, extension), in words. */
export function describeRejection(code: string, maxBytes: number): string {
  if (code === 'file-too-large') return `larger than the limit of ${formatBytes(maxBytes)}`;
  if (code === 'file-invalid-type') return 'not an SVG, PNG, JPEG or WebP image';
  if (code === 'too-many-files') return 'only one file can be dropped here';
  return 'not accepted';
}
