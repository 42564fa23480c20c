/**
 * The Vue 3 host: the portal's workspace as a Vue component written with render functions (`h`,
 * no template compiler, so nothing is evaluated at run time and the strict CSP holds). The
 * dashboard is an ordinary element to Vue: `src` and `lang` are bound, Strata events are
 * `onStrataSelect` / `onStrataDrill` listeners; the user's own files go through a
 * `<strata-import for="dashboard">` beside it, which follows the dashboard's language.
 */
import './portal.css';
import './engine.ts';
import '@strata/widgets';
import type { StrataDashboard, StrataDrillDetail, StrataSelectDetail } from '@strata/widgets';
import { createApp, defineComponent, h, onMounted, ref, watch, type VNode } from 'vue';
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

const Workspace = defineComponent({
  name: 'StrataWorkspace',
  setup() {
    const lang = ref<Lang>(initialLang());
    const branch = ref(initialBranch().code);
    const status = ref(t(lang.value, 'loading'));
    const selection = ref<SelectionView | null>(null);
    const customers = ref<{ total: number; items: CustomerItem[] } | null>(null);
    const drillId = ref<string | null>(null);
    const dashboard = ref<StrataDashboard>();

    // The portal's header owns the language switch; the workspace follows it.
    onMounted(() => {
      const select = document.getElementById('lang') as HTMLSelectElement;
      select.value = lang.value;
      select.addEventListener('change', () => (lang.value = select.value === 'en' ? 'en' : 'zh-CN'));
    });
    watch(lang, (value) => (document.documentElement.lang = value), { immediate: true });
    watch(branch, () => (status.value = t(lang.value, 'loading')));

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

    return () =>
      h('div', { class: 'vue-host' }, [
        toolbar(),
        h('strata-import', { id: 'import', for: 'dashboard' }),
        h('div', { id: 'status', class: 'status', role: 'status', 'aria-live': 'polite' }, status.value),
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
      ]);
  },
});

createApp(Workspace).mount('#app');
