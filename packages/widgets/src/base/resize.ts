import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * The host's content width, whole pixels, as it changes: `onWidth` is called in the next frame,
 * never inside the observer's own callback (a redraw that changes the element's size there is
 * reported by the browser as a resize loop).
 */
export class ResizeController implements ReactiveController {
  private observer?: ResizeObserver;
  private width = 0;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly onWidth: (width: number) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.observer = new ResizeObserver((entries) => {
      const width = Math.floor(entries[0]?.contentRect.width ?? 0);
      if (Math.abs(width - this.width) < 1) return;
      this.width = width;
      requestAnimationFrame(() => this.onWidth(width));
    });
    this.observer.observe(this.host);
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
  }
}
