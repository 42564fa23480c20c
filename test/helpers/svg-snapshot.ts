/**
 * Normalised SVG for snapshot tests (as Observable Plot does): numbers rounded to 2 decimals,
 * attributes sorted, one element per line, so a snapshot changes only when the drawing does.
 */
export function normalizeSvg(svg: SVGSVGElement): string {
  const lines: string[] = [];
  const walk = (node: Element, depth: number) => {
    const attrs = [...node.attributes]
      .map((a) => [a.name, a.value.replace(/-?\d+\.\d+/g, (n) => String(Math.round(Number(n) * 100) / 100))] as const)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => ` ${name}="${value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`)
      .join('');
    const text = [...node.childNodes]
      .filter((n) => n.nodeType === 3)
      .map((n) => n.textContent ?? '')
      .join('')
      .trim()
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;');
    const children = [...node.children];
    const pad = '  '.repeat(depth);
    if (children.length === 0) {
      lines.push(`${pad}<${node.tagName}${attrs}>${text}</${node.tagName}>`);
      return;
    }
    lines.push(`${pad}<${node.tagName}${attrs}>${text}`);
    for (const child of children) walk(child, depth + 1);
    lines.push(`${pad}</${node.tagName}>`);
  };
  walk(svg, 0);
  return `${lines.join('\n')}\n`;
}

/** A fixed palette, so snapshots do not depend on a theme. */
export const testPalette = {
  fg: '#111111',
  muted: '#555555',
  border: '#cccccc',
  surface: '#ffffff',
  accent: '#1d4ed8',
  accent2: '#0f766e',
  danger: '#b91c1c',
  good: '#15803d',
  warn: '#b45309',
  select: '#f59e0b',
  classes: ['#15803d', '#b45309', '#c2410c', '#b91c1c', '#7f1d1d'],
};

export function newSvg(): SVGSVGElement {
  return document.createElementNS('http://www.w3.org/2000/svg', 'svg');
}
