/**
 * The yardstick app: an empty Next.js app with one client form, built and served the same way
 * as the wizard (same next, react and react-dom: it uses the project's node_modules through a
 * symlink; `next build --webpack`, `next start`). Its pages, memory and start-up are what
 * Next.js and React cost on their own.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const FILES = {
  'package.json': JSON.stringify({ name: 'bench-empty-app', private: true }, null, 2),
  'next.config.mjs': 'export default {};\n',
  'tsconfig.json': JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2017',
        lib: ['dom', 'dom.iterable', 'esnext'],
        allowJs: false,
        skipLibCheck: true,
        strict: true,
        noEmit: true,
        esModuleInterop: true,
        module: 'esnext',
        moduleResolution: 'bundler',
        resolveJsonModule: true,
        isolatedModules: true,
        jsx: 'react-jsx',
        incremental: false,
        plugins: [{ name: 'next' }],
      },
      include: ['next-env.d.ts', '**/*.ts', '**/*.tsx'],
      exclude: ['node_modules'],
    },
    null,
    2,
  ),
  'app/layout.tsx': `export const metadata = { title: 'Empty app' };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
`,
  'app/page.tsx': `import { Form } from './form';

export default function Page() {
  return (
    <main>
      <h1>Empty app</h1>
      <Form />
    </main>
  );
}
`,
  'app/form.tsx': `'use client';

import { useState } from 'react';

export function Form() {
  const [name, setName] = useState('');
  const [sent, setSent] = useState('');
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setSent(name);
      }}
    >
      <label htmlFor="name">Name</label>
      <input id="name" value={name} onChange={(event) => setName(event.target.value)} />
      <button type="submit">Send</button>
      <p role="status">{sent ? \`Hello, \${sent}\` : ''}</p>
    </form>
  );
}
`,
};

/** Where the empty app lives: outside the project, so its typecheck and lint never see it. */
export function emptyAppDir() {
  const version = JSON.parse(readFileSync('node_modules/next/package.json', 'utf8')).version;
  return path.join(tmpdir(), `banqup-bench-empty-app-next-${version}`);
}

/** Writes the empty app (afresh) and builds it, unless `reuse` and a build is there. */
export async function buildEmptyApp({ reuse = false, env = process.env } = {}) {
  const dir = emptyAppDir();
  if (reuse && existsSync(path.join(dir, '.next', 'BUILD_ID'))) return { dir, built: false };
  rmSync(dir, { recursive: true, force: true });
  for (const [name, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  // The project's own packages: the same next, react and react-dom, byte for byte.
  symlinkSync(path.resolve('node_modules'), path.join(dir, 'node_modules'), 'dir');
  await promisify(execFile)(process.execPath, [path.resolve('node_modules/next/dist/bin/next'), 'build', '--webpack'], {
    cwd: dir,
    env: { ...env, NEXT_TELEMETRY_DISABLED: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { dir, built: true };
}
