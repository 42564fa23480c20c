/**
 * In the built bundle (`pnpm build`, see packages/widgets/vite.build.config.ts), this module
 * replaces `default-assets.ts`: the default assets folder is `assets/` beside the bundle's own
 * files (every chunk sits directly in dist/strata/, so `import.meta.url` is that folder).
 */
export function bundledAssetsBase(): URL | undefined {
  // The folder is in a variable so that the bundler leaves this URL to run time.
  const folder = 'assets/';
  return new URL(folder, import.meta.url);
}
