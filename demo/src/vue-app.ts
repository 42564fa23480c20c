/**
 * The Vue 3 host: the portal's workspace as a Vue component written with render functions (`h`,
 * no template compiler, so nothing is evaluated at run time and the strict CSP holds). The
 * dashboard is an ordinary element to Vue: `src`, `lang` and `theme` are bound, Strata events are
 * `onStrataSelect` / `onStrataDrill` listeners; the user's own files go through a
 * `<strata-import for="dashboard">` beside it, which follows the dashboard's language.
 */
import './portal.css';
import './engine.ts';
import '@strata/widgets';
import type { StrataDashboard, StrataDrillDetail, StrataSelectDetail } from '@strata/widgets';
import { createApp, defineComponent, h, onMounted, ref, shallowRef, watch, type VNode } from 'vue';
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

const Workspace = defineComponent({
  name: 'StrataWorkspace',
  setup() {
    const lang = ref<Lang>(initialLang());
    const branch = ref(initialBranch().code);
    const status = ref(t(lang.value, 'loading'));
    const theme = ref<Theme>(initialTheme());
    const shown = shallowRef<PanelSnapshot>({ selection: [], customers: null });
    const panel = new SidePanel((snapshot) => (shown.value = snapshot));
    const drillId = ref<string | null>(null);
    const dashboard = ref<StrataDashboard>();

    // The portal's header owns the language switch; the workspace follows it.
    onMounted(() => {
      const select = document.getElementById('lang') as HTMLSelectElement;
      select.value = lang.value;
      select.addEventListener('change', () => (lang.value = select.value === 'en' ? 'en' : 'zh-CN'));
      // The header owns the light/dark switch too.
      wireThemeSwitch((value) => (theme.value = value));
    });
    watch(
      lang,
      (value) => {
        document.documentElement.lang = value;
        labelThemeSwitch(value);
        refresh();
      },
      { immediate: true },
    );
    watch(branch, () => (status.value = t(lang.value, 'loading')));

    // Every change of what the dashboard shows: a selection, the filter state (chips, code), a load.
    function refresh(): void {
      if (dashboard.value) void panel.refresh(dashboard.value, lang.value);
    }

    function onSelect(event: CustomEvent<StrataSelectDetail>): void {
      panel.select(event.detail, lang.value);
      refresh();
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

    function sidePanel(): VNode {
      const L = lang.value;
      const { selection, customers } = shown.value;
      return h('aside', { class: 'side-panel', id: 'selection-panel', 'aria-label': t(L, 'selection') }, [
        h('h2', t(L, 'selection')),
        h(
          'ul',
          { id: 'selection-list' },
          selection.length === 0
            ? [h('li', { class: 'muted' }, t(L, 'selectionNone'))]
            : selection.map((item) => h('li', { key: item.source, class: 'selected-value' }, selectionText(L, item))),
        ),
        customers ? h('h2', { id: 'customers-title' }, customersTitle(L, customers)) : null,
        h('ul', { id: 'customers-list' }, (customers?.items ?? []).map((item) => h('li', { key: item.id }, [h('code', item.shownId), ` ${item.name}`]))),
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
            theme: theme.value,
            src: manifestUrl(branch.value),
            onStrataSelect: onSelect,
            onStrataFilterChange: refresh,
            onStrataDrill: onDrill,
            onStrataLoad: () => {
              if (status.value === t(lang.value, 'loading')) status.value = '';
              document.body.dataset.loads = String(Number(document.body.dataset.loads ?? 0) + 1);
              refresh();
            },
            onStrataError: (e: CustomEvent<{ error: Error; source: string }>) => {
              if (e.detail.source === 'dashboard') status.value = e.detail.error.message.split('\n')[0] ?? '';
            },
          }),
          sidePanel(),
        ]),
      ]);
  },
});

createApp(Workspace).mount('#app');
