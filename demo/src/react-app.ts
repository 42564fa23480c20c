/**
 * The React host: the portal's workspace as React components written with `createElement` (no
 * JSX build step). React 19 passes `src` and `lang` to the custom element; Strata events are
 * listened to through a ref (addEventListener), and `load()` is called on that ref.
 */
import './portal.css';
import './engine.ts';
import '@strata/widgets';
import type { StrataDashboard } from '@strata/widgets';
import { createElement as h, Fragment, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import {
  applyPortalStyles,
  BRANCH_DATASETS,
  branchLabel,
  drillOf,
  formatValue,
  initialBranch,
  initialLang,
  loadFile,
  manifestUrl,
  outcomeText,
  problemCells,
  selectedCustomers,
  selectionOf,
  t,
  TABLE_NAMES,
  tableFromFileName,
  type CustomerItem,
  type DropOutcome,
  type Lang,
  type SelectionView,
  type TableName,
} from './core.ts';

applyPortalStyles();

type MappingRequest = Extract<DropOutcome, { kind: 'mapping' }> & { blob: File };

function Problems({ lang, outcome }: { lang: Lang; outcome: Extract<DropOutcome, { kind: 'problems' }> }): ReactNode {
  const heads = (['colTable', 'colRow', 'colColumn', 'colExpected', 'colGot'] as const).map((k) => h('th', { key: k, scope: 'col' }, t(lang, k)));
  return h(
    'div',
    { id: 'problems', className: 'problems alert alert-danger', role: 'alert' },
    h('p', null, outcomeText(lang, outcome)),
    h(
      'table',
      { className: 'problem-list' },
      h('thead', null, h('tr', null, ...heads)),
      h(
        'tbody',
        null,
        outcome.problems.map((p, i) => h('tr', { key: i }, ...problemCells(p).map((cell, j) => h('td', { key: j }, cell)))),
      ),
    ),
    outcome.total > outcome.problems.length ? h('p', null, t(lang, 'more', { n: outcome.total - outcome.problems.length })) : null,
  );
}

function MappingDialog({ lang, request, onApply, onCancel }: { lang: Lang; request: MappingRequest; onApply: (columns: Record<string, string>) => void; onCancel: () => void }): ReactNode {
  const dialog = useRef<HTMLDialogElement>(null);
  const [choices, setChoices] = useState<Record<string, string>>(request.mapping);
  useEffect(() => {
    if (!dialog.current?.open) dialog.current?.showModal();
  }, []);
  const option = (value: string, label: string) => h('option', { key: value, value }, label);
  return h(
    'dialog',
    { ref: dialog, id: 'mapping-dialog', className: 'mapping-dialog', 'aria-labelledby': 'mapping-title', onClose: onCancel },
    h(
      'form',
      {
        id: 'mapping-form',
        method: 'dialog',
        onSubmit: (e) => {
          e.preventDefault();
          onApply(Object.fromEntries(Object.entries(choices).filter(([, v]) => v)));
        },
      },
      h('h2', { id: 'mapping-title' }, t(lang, 'mappingTitle', { file: request.file, table: request.table })),
      h('p', null, t(lang, 'mappingHelp')),
      h(
        'div',
        { id: 'mapping-rows' },
        request.missing.map((name) =>
          h(
            'div',
            { key: name, className: 'row-map' },
            h('label', { htmlFor: `map-${name}` }, name),
            h(
              'select',
              {
                id: `map-${name}`,
                name,
                className: 'form-control form-control-sm',
                value: choices[name] ?? '',
                onChange: (e) => setChoices({ ...choices, [name]: (e.target as HTMLSelectElement).value }),
              },
              option('', t(lang, 'notInFile')),
              ...request.columns.map((c) => option(c, c)),
            ),
          ),
        ),
      ),
      h(
        'div',
        { className: 'actions' },
        h('button', { type: 'button', id: 'mapping-cancel', className: 'btn btn-secondary btn-sm', onClick: onCancel }, t(lang, 'cancel')),
        h('button', { type: 'submit', id: 'mapping-apply', className: 'btn btn-primary btn-sm' }, t(lang, 'apply')),
      ),
    ),
  );
}

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
  const [table, setTable] = useState<'' | TableName>('');
  const [status, setStatus] = useState(t(lang, 'loading'));
  const [outcome, setOutcome] = useState<DropOutcome | null>(null);
  const [selection, setSelection] = useState<SelectionView | null>(null);
  const [customers, setCustomers] = useState<{ total: number; items: CustomerItem[] } | null>(null);
  const [drillId, setDrillId] = useState<string | null>(null);
  const [mapping, setMapping] = useState<MappingRequest | null>(null);
  const [over, setOver] = useState(false);
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

  const take = useCallback(
    async (file: File, columns?: Record<string, string>) => {
      const el = dashboard.current;
      if (!el) return;
      const target = (table || tableFromFileName(file.name) || 'loans') as TableName;
      setStatus(t(lang, 'loading'));
      const result = await loadFile(el, file, target, columns);
      setStatus(outcomeText(lang, result));
      if (result.kind === 'mapping') setMapping({ ...result, blob: file });
      else setOutcome(result);
    },
    [table, lang],
  );

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
              setOutcome(null);
              setStatus(t(lang, 'loading'));
            },
          },
          BRANCH_DATASETS.map((b) => option(b.code, branchLabel(lang, b))),
        ),
      ),
      h(
        'div',
        {
          id: 'drop-zone',
          className: over ? 'drop-zone over' : 'drop-zone',
          onDragOver: (e) => (e.preventDefault(), setOver(true)),
          onDragLeave: () => setOver(false),
          onDrop: (e) => {
            e.preventDefault();
            setOver(false);
            const file = e.dataTransfer.files[0];
            if (file) void take(file);
          },
        },
        h('span', null, `${t(lang, 'drop')} `),
        h('input', {
          type: 'file',
          id: 'file-input',
          className: 'form-control form-control-sm',
          accept: '.csv,.tsv,.txt,.parquet,.arrow,.feather,.ipc',
          onChange: (e) => {
            const file = e.target.files?.[0];
            if (file) void take(file);
            e.target.value = '';
          },
        }),
        h(
          'label',
          null,
          `${t(lang, 'table')} `,
          h(
            'select',
            { id: 'table-select', className: 'form-control form-control-sm', value: table, onChange: (e) => setTable((e.target as HTMLSelectElement).value as TableName) },
            option('', t(lang, 'tableAuto')),
            ...TABLE_NAMES.map((name) => option(name, name)),
          ),
        ),
      ),
    ),
    h('div', { id: 'status', className: 'status', role: 'status', 'aria-live': 'polite' }, status),
    outcome?.kind === 'problems' ? h(Problems, { lang, outcome }) : null,
    h(
      'div',
      { className: 'workspace' },
      h('strata-dashboard', { ref: dashboard, id: 'dashboard', lang, src: manifestUrl(branch) }),
      h(SelectionPanel, { lang, selection, customers, drillId }),
    ),
    mapping
      ? h(MappingDialog, {
          key: `${mapping.file}:${mapping.table}`,
          lang,
          request: mapping,
          onApply: (columns) => {
            const file = mapping.blob;
            setMapping(null);
            void take(file, columns);
          },
          onCancel: () => {
            setMapping(null);
            setStatus('');
          },
        })
      : null,
  );
}

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'strata-dashboard': React.DetailedHTMLProps<React.HTMLAttributes<StrataDashboard>, StrataDashboard> & { src?: string };
    }
  }
}

createRoot(document.getElementById('app')!).render(h(Workspace));
