/** axe-core in the test page, loaded from the installed package as a classic script. */
interface AxeResults {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[];
}
declare global {
  interface Window {
    axe?: { run(context: Element | Document, options?: object): Promise<AxeResults> };
  }
}

let loading: Promise<void> | undefined;

export async function axeViolations(context: Element): Promise<string[]> {
  loading ??= new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/node_modules/axe-core/axe.min.js';
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('axe-core did not load'));
    document.head.append(script);
  });
  await loading;
  const results = await window.axe!.run(context, { resultTypes: ['violations'] });
  return results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('; ')}`,
  );
}
