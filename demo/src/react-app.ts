/**
 * The React host: the portal's workspace as React components written with `createElement` (no
 * JSX build step). React 19 passes `src` and `lang` to the custom element; Strata events are
 * listened to through a ref (addEventListener). The user's own files go through a
 * `<strata-import for="dashboard">` beside it, which follows the dashboard's language.
 */
import './portal.css';
import './engine.ts';
import '@strata/widgets';
import type { StrataDashboard } from '@strata/widgets';
import { createElement as h, Fragment, useEffect, useRef, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import {
  applyPortalStyles,
  BRANCH_DATASETS,
  branchLabel,
  drillOf,
  formatValue,
  initialBranch,
  initialLang,
  manifestUrl,
  selectedCustomers,
  selectionOf,
  t,
  type CustomerItem,
  type Lang,
  type SelectionView,
} from './core.ts';

applyPortalStyles();

function SelectionPanel({ lang, selection, customers, drillId }: { lang: Lang; selection: SelectionView | null; customers: { total: number; items: CustomerItem[] } | null; drillId: string | null }): ReactNode {
  return h(
    'aside',
    { className: 'side-panel', id: 'selection-panel', 'aria-label': t(lang, 'selection') },
    h('h2', null, t(lang, 'selection')),
    h(
      'ul',
      { id: 'selection-list' },
      !selection
        ? h('li', { className: 'muted' }, t(lang, 'selectionNone'))
        : h(
            Fragment,
            null,
            selection.values.length === 0
              ? h('li', null, t(lang, 'selectionCleared', { field: selection.field }))
              : h('li', null, h('code', null, selection.field), ` (${selection.source})`),
            selection.values.map((v, i) => h('li', { key: i, className: 'selected-value' }, formatValue(v))),
          ),
    ),
    customers ? h('h2', { id: 'customers-title' }, t(lang, 'customers', { n: customers.items.length, total: customers.total.toLocaleString(lang) })) : null,
    h('ul', { id: 'customers-list' }, (customers?.items ?? []).map((c) => h('li', { key: c.id }, h('code', null, c.id), ` ${c.name}`))),
    h('h2', null, t(lang, 'drill')),
    drillId
      ? h('p', { id: 'drill' }, h('code', { id: 'drill-id' }, drillId), ' ', h('a', { href: `#crm/${encodeURIComponent(drillId)}` }, t(lang, 'openCrm')))
      : h('p', { id: 'drill', className: 'muted' }, t(lang, 'drillNone')),
  );
}

function Workspace(): ReactNode {
  const [lang, setLang] = useState<Lang>(initialLang());
  const [branch, setBranch] = useState(initialBranch().code);
  const [status, setStatus] = useState(t(lang, 'loading'));
  const [selection, setSelection] = useState<SelectionView | null>(null);
  const [customers, setCustomers] = useState<{ total: number; items: CustomerItem[] } | null>(null);
  const [drillId, setDrillId] = useState<string | null>(null);
  const dashboard = useRef<StrataDashboard>(null);
  const langRef = useRef(lang);
  langRef.current = lang;

  // The portal's header owns the language switch; the workspace follows it.
  useEffect(() => {
    const select = document.getElementById('lang') as HTMLSelectElement;
    select.value = lang;
    const onChange = () => setLang(select.value === 'en' ? 'en' : 'zh-CN');
    select.addEventListener('change', onChange);
    return () => select.removeEventListener('change', onChange);
  }, []);
  useEffect(() => void (document.documentElement.lang = lang), [lang]);

  // Strata events through the element itself (typed in HTMLElementEventMap).
  useEffect(() => {
    const el = dashboard.current;
    if (!el) return;
    const onSelect = (event: HTMLElementEventMap['strata-select']) => {
      setSelection(selectionOf(event.detail));
      void selectedCustomers(el).then(setCustomers);
    };
    const onDrill = (event: HTMLElementEventMap['strata-drill']) => {
      const id = drillOf(event.detail);
      if (id) setDrillId(id);
    };
    const onLoad = () => {
      setStatus((s) => (s === t(langRef.current, 'loading') ? '' : s));
      document.body.dataset.loads = String(Number(document.body.dataset.loads ?? 0) + 1);
    };
    const onError = (event: HTMLElementEventMap['strata-error']) => {
      if (event.detail.source === el.id) setStatus(event.detail.error.message.split('\n')[0] ?? '');
    };
    el.addEventListener('strata-select', onSelect);
    el.addEventListener('strata-drill', onDrill);
    el.addEventListener('strata-load', onLoad);
    el.addEventListener('strata-error', onError);
    return () => {
      el.removeEventListener('strata-select', onSelect);
      el.removeEventListener('strata-drill', onDrill);
      el.removeEventListener('strata-load', onLoad);
      el.removeEventListener('strata-error', onError);
    };
  }, []);

  const option = (value: string, label: string) => h('option', { key: value, value }, label);
  return h(
    'div',
    { className: 'react-host' },
    h(
      'div',
      { className: 'toolbar', id: 'toolbar' },
      h(
        'label',
        null,
        `${t(lang, 'branch')} `,
        h(
          'select',
          {
            id: 'branch',
            className: 'form-control form-control-sm',
            value: branch,
            onChange: (e) => {
              setBranch((e.target as HTMLSelectElement).value);
              setStatus(t(lang, 'loading'));
            },
          },
          BRANCH_DATASETS.map((b) => option(b.code, branchLabel(lang, b))),
        ),
      ),
    ),
    h('strata-import', { id: 'import', for: 'dashboard' }),
    h('div', { id: 'status', className: 'status', role: 'status', 'aria-live': 'polite' }, status),
    h(
      'div',
      { className: 'workspace' },
      h('strata-dashboard', { ref: dashboard, id: 'dashboard', lang, src: manifestUrl(branch) }),
      h(SelectionPanel, { lang, selection, customers, drillId }),
    ),
  );
}

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'strata-dashboard': React.DetailedHTMLProps<React.HTMLAttributes<StrataDashboard>, StrataDashboard> & { src?: string };
      'strata-import': React.DetailedHTMLProps<React.HTMLAttributes<HTMLElement>, HTMLElement> & { for?: string };
    }
  }
}

createRoot(document.getElementById('app')!).render(h(Workspace));
