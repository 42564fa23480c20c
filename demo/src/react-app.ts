/**
 * The React host: the portal's workspace as React components written with `createElement` (no
 * JSX build step). React 19 passes `src`, `lang` and `theme` to the custom element; Strata events
 * are listened to through a ref (addEventListener). The user's own files go through a
 * `<strata-import for="dashboard">` beside it, which follows the dashboard's language.
 */
import './portal.css';
import './engine.ts';
import '@strata/widgets';
import type { StrataDashboard } from '@strata/widgets';
import { createElement as h, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import {
  applyPortalStyles,
  BRANCH_DATASETS,
  branchLabel,
  customersTitle,
  drillOf,
  initialBranch,
  initialLang,
  initialTheme,
  labelThemeSwitch,
  manifestUrl,
  selectionText,
  SidePanel,
  t,
  wireThemeSwitch,
  type Lang,
  type PanelSnapshot,
  type Theme,
} from './core.ts';

applyPortalStyles();

function SelectionPanel({ lang, shown, drillId }: { lang: Lang; shown: PanelSnapshot; drillId: string | null }): ReactNode {
  const { selection, customers } = shown;
  return h(
    'aside',
    { className: 'side-panel', id: 'selection-panel', 'aria-label': t(lang, 'selection') },
    h('h2', null, t(lang, 'selection')),
    h(
      'ul',
      { id: 'selection-list' },
      selection.length === 0
        ? h('li', { className: 'muted' }, t(lang, 'selectionNone'))
        : selection.map((item) => h('li', { key: item.source, className: 'selected-value' }, selectionText(lang, item))),
    ),
    customers ? h('h2', { id: 'customers-title' }, customersTitle(lang, customers)) : null,
    h('ul', { id: 'customers-list' }, (customers?.items ?? []).map((c) => h('li', { key: c.id }, h('code', null, c.shownId), ` ${c.name}`))),
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
  const [theme, setTheme] = useState<Theme>(initialTheme);
  const [shown, setShown] = useState<PanelSnapshot>({ selection: [], customers: null });
  const panel = useMemo(() => new SidePanel(setShown), []);
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
  // The header owns the light/dark switch too.
  useEffect(() => void wireThemeSwitch(setTheme), []);
  useEffect(() => {
    document.documentElement.lang = lang;
    labelThemeSwitch(lang);
    if (dashboard.current) void panel.refresh(dashboard.current, lang);
  }, [lang, panel]);

  // Strata events through the element itself (typed in HTMLElementEventMap).
  useEffect(() => {
    const el = dashboard.current;
    if (!el) return;
    // Every change of what the dashboard shows: a selection, the filter state (chips, code), a load.
    const refresh = () => void panel.refresh(el, langRef.current);
    const onSelect = (event: HTMLElementEventMap['strata-select']) => {
      panel.select(event.detail, langRef.current);
      refresh();
    };
    const onDrill = (event: HTMLElementEventMap['strata-drill']) => {
      const id = drillOf(event.detail);
      if (id) setDrillId(id);
    };
    const onLoad = () => {
      setStatus((s) => (s === t(langRef.current, 'loading') ? '' : s));
      document.body.dataset.loads = String(Number(document.body.dataset.loads ?? 0) + 1);
      refresh();
    };
    const onError = (event: HTMLElementEventMap['strata-error']) => {
      if (event.detail.source === el.id) setStatus(event.detail.error.message.split('\n')[0] ?? '');
    };
    el.addEventListener('strata-select', onSelect);
    el.addEventListener('strata-filter-change', refresh);
    el.addEventListener('strata-drill', onDrill);
    el.addEventListener('strata-load', onLoad);
    el.addEventListener('strata-error', onError);
    return () => {
      el.removeEventListener('strata-select', onSelect);
      el.removeEventListener('strata-filter-change', refresh);
      el.removeEventListener('strata-drill', onDrill);
      el.removeEventListener('strata-load', onLoad);
      el.removeEventListener('strata-error', onError);
    };
  }, [panel]);

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
      h('strata-dashboard', { ref: dashboard, id: 'dashboard', lang, theme, src: manifestUrl(branch) }),
      h(SelectionPanel, { lang, shown, drillId }),
    ),
  );
}

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'strata-dashboard': React.DetailedHTMLProps<React.HTMLAttributes<StrataDashboard>, StrataDashboard> & { src?: string; theme?: Theme };
      'strata-import': React.DetailedHTMLProps<React.HTMLAttributes<HTMLElement>, HTMLElement> & { for?: string };
    }
  }
}

createRoot(document.getElementById('app')!).render(h(Workspace));
