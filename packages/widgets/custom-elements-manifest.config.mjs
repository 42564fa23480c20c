// custom-elements.json from the elements' doc comments: `pnpm --filter @strata/widgets manifest`.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.snapshot.test.ts'],
  litelement: true,
};
