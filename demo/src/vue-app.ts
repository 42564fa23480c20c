/**
 * The Vue 3 host: the portal's workspace as a Vue component written with render functions (`h`,
 * no template compiler, so nothing is evaluated at run time and the strict CSP holds). The
 * dashboard is an ordinary element to Vue: `src` and `lang` are bound, Strata events are
 * `onStrataSelect` / `onStrataDrill` listeners, and `load()` is called through a template ref.
 */
import './portal.css';
import './engine.ts';
import '@strata/widgets';
import type { StrataDashboard, StrataDrillDetail, StrataSelectDetail } from '@strata/widgets';
import { createApp, defineComponent, h, nextTick, onMounted, ref, watch, type VNode } from 'vue';
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

type MappingRequest = Extract<DropOutcome, { kind: 'mapping' }> & { file: string; blob: File };

const Workspace = defineComponent({
  name: 'StrataWorkspace',
  setup() {
    const lang = ref<Lang>(initialLang());
    const branch = ref(initialBranch().code);
    const table = ref<'' | TableName>('');
    const status = ref(t(lang.value, 'loading'));
    const outcome = ref<DropOutcome | null>(null);
    const selection = ref<SelectionView | null>(null);
    const customers = ref<{ total: number; items: CustomerItem[] } | null>(null);
    const drillId = ref<string | null>(null);
    const mapping = ref<MappingRequest | null>(null);
    const choices = ref<Record<string, string>>({});
    const over = ref(false);
    const dashboard = ref<StrataDashboard>();
    const dialog = ref<HTMLDialogElement>();

    // The portal's header owns the language switch; the workspace follows it.
    onMounted(() => {
      const select = document.getElementById('lang') as HTMLSelectElement;
      select.value = lang.value;
      select.addEventListener('change', () => (lang.value = select.value === 'en' ? 'en' : 'zh-CN'));
    });
    watch(lang, (value) => (document.documentElement.lang = value), { immediate: true });
    watch(branch, () => {
      outcome.value = null;
      status.value = t(lang.value, 'loading');
    });
    watch(mapping, async (request) => {
      await nextTick();
      if (request && !dialog.value?.open) dialog.value?.showModal();
      if (!request && dialog.value?.open) dialog.value.close();
    });

    async function take(file: File, columns?: Record<string, string>): Promise<void> {
      if (!dashboard.value) return;
      const target = (table.value || tableFromFileName(file.name) || 'loans') as TableName;
      status.value = t(lang.value, 'loading');
      const result = await loadFile(dashboard.value, file, target, columns);
      if (result.kind === 'mapping') {
        choices.value = { ...result.mapping };
        mapping.value = { ...result, blob: file };
        status.value = outcomeText(lang.value, result);
        return;
      }
      outcome.value = result;
      status.value = outcomeText(lang.value, result);
    }

    async function onSelect(event: CustomEvent<StrataSelectDetail>): Promise<void> {
      selection.value = selectionOf(event.detail);
      if (dashboard.value) customers.value = await selectedCustomers(dashboard.value);
    }

    function onDrill(event: CustomEvent<StrataDrillDetail>): void {
      drillId.value = drillOf(event.detail) ?? drillId.value;
    }

    const option = (value: string, label: string) => h('option', { value }, label);

    function toolbar(): VNode {
      const L = lang.value;
      return h('div', { class: 'toolbar', id: 'toolbar' }, [
        h('label', [
          `${t(L, 'branch')} `,
          h(
            'select',
            { id: 'branch', class: 'form-control form-control-sm', value: branch.value, onChange: (e: Event) => (branch.value = (e.target as HTMLSelectElement).value) },
            BRANCH_DATASETS.map((b) => option(b.code, branchLabel(L, b))),
          ),
        ]),
        h(
          'div',
          {
            id: 'drop-zone',
            class: ['drop-zone', { over: over.value }],
            onDragover: (e: DragEvent) => (e.preventDefault(), (over.value = true)),
            onDragleave: () => (over.value = false),
            onDrop: (e: DragEvent) => {
              e.preventDefault();
              over.value = false;
              const file = e.dataTransfer?.files[0];
              if (file) void take(file);
            },
          },
          [
            h('span', `${t(L, 'drop')} `),
            h('input', {
              type: 'file',
              id: 'file-input',
              class: 'form-control form-control-sm',
              accept: '.csv,.tsv,.txt,.parquet,.arrow,.feather,.ipc',
              onChange: (e: Event) => {
                const input = e.target as HTMLInputElement;
                const file = input.files?.[0];
                if (file) void take(file);
                input.value = '';
              },
            }),
            h('label', [
              `${t(L, 'table')} `,
              h(
                'select',
                { id: 'table-select', class: 'form-control form-control-sm', value: table.value, onChange: (e: Event) => (table.value = (e.target as HTMLSelectElement).value as TableName) },
                [option('', t(L, 'tableAuto')), ...TABLE_NAMES.map((name) => option(name, name))],
              ),
            ]),
          ],
        ),
      ]);
    }

    function problems(): VNode | null {
      const o = outcome.value;
      if (o?.kind !== 'problems') return null;
      const L = lang.value;
      const heads = (['colTable', 'colRow', 'colColumn', 'colExpected', 'colGot'] as const).map((k) => h('th', { scope: 'col' }, t(L, k)));
      return h('div', { id: 'problems', class: 'problems alert alert-danger', role: 'alert' }, [
        h('p', outcomeText(L, o)),
        h('table', { class: 'problem-list' }, [
          h('thead', [h('tr', heads)]),
          h('tbody', o.problems.map((p) => h('tr', problemCells(p).map((cell) => h('td', cell))))),
        ]),
        o.total > o.problems.length ? h('p', t(L, 'more', { n: o.total - o.problems.length })) : null,
      ]);
    }

    function panel(): VNode {
      const L = lang.value;
      const s = selection.value;
      const c = customers.value;
      return h('aside', { class: 'side-panel', id: 'selection-panel', 'aria-label': t(L, 'selection') }, [
        h('h2', t(L, 'selection')),
        h(
          'ul',
          { id: 'selection-list' },
          !s
            ? [h('li', { class: 'muted' }, t(L, 'selectionNone'))]
            : [
                s.values.length === 0 ? h('li', t(L, 'selectionCleared', { field: s.field })) : h('li', [h('code', s.field), ` (${s.source})`]),
                ...s.values.map((v) => h('li', { class: 'selected-value' }, formatValue(v))),
              ],
        ),
        c ? h('h2', { id: 'customers-title' }, t(L, 'customers', { n: c.items.length, total: c.total.toLocaleString(L) })) : null,
        h('ul', { id: 'customers-list' }, (c?.items ?? []).map((item) => h('li', [h('code', item.id), ` ${item.name}`]))),
        h('h2', t(L, 'drill')),
        drillId.value
          ? h('p', { id: 'drill' }, [h('code', { id: 'drill-id' }, drillId.value), ' ', h('a', { href: `#crm/${encodeURIComponent(drillId.value)}` }, t(L, 'openCrm'))])
          : h('p', { id: 'drill', class: 'muted' }, t(L, 'drillNone')),
      ]);
    }

    function mappingDialog(): VNode {
      const L = lang.value;
      const m = mapping.value;
      return h('dialog', { ref: dialog, id: 'mapping-dialog', class: 'mapping-dialog', 'aria-labelledby': 'mapping-title', onClose: () => (mapping.value = null) }, [
        m
          ? h(
              'form',
              {
                id: 'mapping-form',
                method: 'dialog',
                onSubmit: (e: Event) => {
                  e.preventDefault();
                  const columns = Object.fromEntries(Object.entries(choices.value).filter(([, v]) => v));
                  const file = m.blob;
                  mapping.value = null;
                  void take(file, columns);
                },
              },
              [
                h('h2', { id: 'mapping-title' }, t(L, 'mappingTitle', { file: m.file, table: m.table })),
                h('p', t(L, 'mappingHelp')),
                h(
                  'div',
                  { id: 'mapping-rows' },
                  m.missing.map((name) =>
                    h('div', { class: 'row-map' }, [
                      h('label', { for: `map-${name}` }, name),
                      h(
                        'select',
                        {
                          id: `map-${name}`,
                          name,
                          class: 'form-control form-control-sm',
                          value: choices.value[name] ?? '',
                          onChange: (e: Event) => (choices.value = { ...choices.value, [name]: (e.target as HTMLSelectElement).value }),
                        },
                        [option('', t(L, 'notInFile')), ...m.columns.map((c) => option(c, c))],
                      ),
                    ]),
                  ),
                ),
                h('div', { class: 'actions' }, [
                  h('button', { type: 'button', id: 'mapping-cancel', class: 'btn btn-secondary btn-sm', onClick: () => ((mapping.value = null), (status.value = '')) }, t(L, 'cancel')),
                  h('button', { type: 'submit', id: 'mapping-apply', class: 'btn btn-primary btn-sm' }, t(L, 'apply')),
                ]),
              ],
            )
          : null,
      ]);
    }

    return () =>
      h('div', { class: 'vue-host' }, [
        toolbar(),
        h('div', { id: 'status', class: 'status', role: 'status', 'aria-live': 'polite' }, status.value),
        problems(),
        h('div', { class: 'workspace' }, [
          h('strata-dashboard', {
            ref: dashboard,
            id: 'dashboard',
            lang: lang.value,
            src: manifestUrl(branch.value),
            onStrataSelect: onSelect,
            onStrataDrill: onDrill,
            onStrataLoad: () => {
              if (status.value === t(lang.value, 'loading')) status.value = '';
              document.body.dataset.loads = String(Number(document.body.dataset.loads ?? 0) + 1);
            },
            onStrataError: (e: CustomEvent<{ error: Error; source: string }>) => {
              if (e.detail.source === 'dashboard') status.value = e.detail.error.message.split('\n')[0] ?? '';
            },
          }),
          panel(),
        ]),
        mappingDialog(),
      ]);
  },
});

createApp(Workspace).mount('#app');
