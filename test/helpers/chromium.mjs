// Debian's chromium, headless, for every harness that drives it (@web/test-runner, e2e, bench).

/** Where Chromium is: CHROMIUM_PATH, else Debian's package. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags every run needs here: no sandbox or GPU in the container, no background requests of its own. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** For pixel comparisons: glyphs drawn the same way on every run. */
export const PIXEL_ARGS = ['--font-render-hinting=none'];
