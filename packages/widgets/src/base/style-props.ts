import { noChange } from 'lit';
import { Directive, directive, PartType, type AttributePart, type PartInfo } from 'lit/directive.js';

export type StyleProps = Readonly<Record<string, string | null | undefined>>;

const cssName = (name: string) => (name.startsWith('--') ? name : name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));

/**
 * lit's `styleMap`, but through the CSSOM only (`style.setProperty`), the first render included:
 * `styleMap` first writes a `style` attribute, which a page whose CSP has `style-src 'self'`
 * (no 'unsafe-inline') blocks, so the element would lose those styles there.
 */
class StylePropsDirective extends Directive {
  private previous = new Set<string>();

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ATTRIBUTE || part.name !== 'style' || (part.strings?.length ?? 0) > 2) {
      throw new Error('styleProps must be the only expression of a style attribute');
    }
  }

  render(_props: StyleProps): typeof noChange {
    return noChange;
  }

  override update(part: AttributePart, [props]: [StyleProps]): typeof noChange {
    const { style } = part.element as HTMLElement | SVGElement;
    for (const name of this.previous) {
      if (props[name] == null) {
        style.removeProperty(cssName(name));
        this.previous.delete(name);
      }
    }
    for (const [name, value] of Object.entries(props)) {
      if (value == null) continue;
      style.setProperty(cssName(name), value);
      this.previous.add(name);
    }
    return noChange;
  }
}

/** `style=${styleProps({ width: '40%', '--cols': '1fr 2fr' })}`: CSP-safe inline styles. */
export const styleProps = directive(StylePropsDirective);
