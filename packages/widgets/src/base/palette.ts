import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Theme } from '../context.ts';

/** Colours resolved from the element's custom properties, so exported SVG stands alone. */
export interface Palette {
  fg: string;
  muted: string;
  border: string;
  surface: string;
  accent: string;
  accent2: string;
  danger: string;
  good: string;
  warn: string;
  select: string;
  /** Five-category colours, pass → loss. */
  classes: string[];
}

/**
 * The colours of a view's theme, as the renderers and exports need them: read from the element's
 * custom properties once per theme, as reading them forces a style recalculation (once per theme,
 * not per draw). --strata-* colours a page changes later are read at the next change of theme.
 */
export class PaletteController implements ReactiveController {
  private read?: { theme: Theme; palette: Palette };

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly theme: () => Theme,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // Another page, other custom properties.
    this.read = undefined;
  }

  palette(): Palette {
    const theme = this.theme();
    if (this.read?.theme !== theme) this.read = { theme, palette: readPalette(this.host) };
    return this.read.palette;
  }
}

function readPalette(element: Element): Palette {
  const style = getComputedStyle(element);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    fg: v('--_fg', '#1f2937'),
    muted: v('--_muted', '#4b5563'),
    border: v('--_border', '#d1d5db'),
    surface: v('--_surface', '#ffffff'),
    accent: v('--_accent', '#1d4ed8'),
    accent2: v('--_accent-2', '#0f766e'),
    danger: v('--_danger', '#b91c1c'),
    good: v('--_good', '#15803d'),
    warn: v('--_warn', '#b45309'),
    select: v('--_select', '#f59e0b'),
    // Pass → loss: green, yellow, orange, red, dark red (hues far enough apart to tell in a stack).
    classes: [v('--_good', '#15803d'), '#ca8a04', '#ea580c', v('--_danger', '#b91c1c'), '#6b21a8'],
  };
}
