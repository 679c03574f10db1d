import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

/** The wizard's folders: the infrastructure folders of lib/ import none of them. */
const WIZARD = ['./lib/wizard', './lib/registration', './components', './app'];

/**
 * lib/'s infrastructure knows no wizard (issue 14): banqup (the API's contract and client), sandbox
 * (a stand-in for the API, with its own tables), db (the database) and uploads import nothing of
 * the wizard, type-only imports and import() included; uploads do not import the database, and
 * the database does not import the API client. Paths are compared once resolved: '@/…' and
 * relative imports alike. Tests are exempt: they may drive the app around the folder they test.
 */
export const INFRASTRUCTURE_BOUNDARIES = {
  files: ['lib/banqup/**', 'lib/sandbox/**', 'lib/db/**', 'lib/uploads/**'],
  ignores: ['**/*.test.ts'],
  rules: {
    'import/no-restricted-paths': [
      'error',
      {
        zones: [
          ...['banqup', 'sandbox', 'db', 'uploads'].map((folder) => ({
            target: `./lib/${folder}`,
            from: WIZARD,
            message: `lib/${folder} is infrastructure that knows no wizard: move what it needs into lib/, or pass it in.`,
          })),
          { target: './lib/uploads', from: './lib/db', message: 'lib/uploads checks files; it does not read or write the database.' },
          { target: './lib/db', from: './lib/banqup', message: 'lib/db does not know the Banqup API client or its types.' },
        ],
      },
    ],
    // `typeof import('…')` in a type, which the rule above does not see: matched by its text.
    'no-restricted-syntax': [
      'error',
      {
        selector: 'TSImportType[argument.literal.value=/^(@[/]|([.][.][/])+)(lib[/])?(wizard|registration|components|app)([/]|$)/]',
        message: 'lib/ infrastructure knows no wizard: no type from lib/wizard, lib/registration, components or app.',
      },
    ],
  },
};

const config = [
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  INFRASTRUCTURE_BOUNDARIES,
  {
    ignores: ['.next/**', '.next-*/**', 'node_modules/**', '.data/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', 'scratch/**'],
  },
];

export default config;
