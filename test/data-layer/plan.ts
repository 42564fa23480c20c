/**
 * `strata.plan`: a click's requests answered together, on every engine. The answers equal the
 * methods' own; identical requests are asked once; a new plan cancels the one before as a whole;
 * a request that fails alone leaves the others their answers.
 */
import { Strata, StrataOptionError, type PlanRequest } from '@strata/sdk';
import { smallBank } from '../fixtures/small.ts';
import type { Harness } from './suite.ts';

export function planSuite(h: Harness): void {
  const { describe, it, before, after, expect } = h;

  describe('a plan answers a click’s requests together', () => {
    let strata: Strata;
    before(async () => {
      strata = await Strata.open({ engine: await h.createEngine() });
      await strata.load(smallBank);
    });
    after(async () => {
      await strata.close();
    });

    const requests: PlanRequest[] = [
      { metric: 'kpis' },
      { metric: 'npl', options: { by: 'industry_class', exclude: 'npl-view' } },
      { metric: 'segments', options: { by: 'tier', measure: 'balance' } },
      { metric: 'nplTrend' },
      { metric: 'funnel', options: { by: 'branch', metric: 'cards' } },
      { metric: 'npl', options: { by: 'industry_class', exclude: 'npl-view' } },
      { metric: 'attainment', options: { by: 'branch' } },
    ];

    it('each answer equals the method’s own, under a filter, in the order asked; a repeated request is asked once', async () => {
      strata.filters.set({ field: 'tier', op: 'in', values: ['corp_gold', 'retail_high_end'], source: 'tier-view' });
      try {
        const asked = (since: typeof strata.stats) => strata.stats.queries + strata.stats.cubeAnswers - since.queries - since.cubeAnswers;
        const before = { ...strata.stats };
        const results = await strata.plan(requests);
        const byPlan = asked(before);
        expect(results.map((r) => r.error)).to.deep.equal(requests.map(() => undefined));
        const beforeOwn = { ...strata.stats };
        const own = [
          await strata.kpis(),
          await strata.npl({ by: 'industry_class', exclude: 'npl-view' }),
          await strata.segments({ by: 'tier', measure: 'balance' }),
          await strata.nplTrend(),
          await strata.funnel({ by: 'branch', metric: 'cards' }),
          await strata.npl({ by: 'industry_class', exclude: 'npl-view' }),
          await strata.attainment({ by: 'branch' }),
        ];
        // The same work as the six distinct requests asked one by one (the repeated one is the sixth).
        const byMethods = asked(beforeOwn);
        await strata.npl({ by: 'industry_class', exclude: 'npl-view' });
        const oneRequest = asked(beforeOwn) - byMethods;
        expect(byPlan, 'the repeated request asked once').to.equal(byMethods - oneRequest);
        expect(results.map((r) => [...r.rows!])).to.deep.equal(own.map((rows) => [...rows]));
        expect(results[1]!.rows).to.equal(results[5]!.rows);
        expect(results[0]!.rows!.length).to.be.greaterThan(0);
      } finally {
        strata.filters.clear();
      }
    });

    it('a new plan cancels the one before as a whole; a given signal cancels its plan', async () => {
      const first = strata.plan(requests);
      const second = strata.plan(requests.slice(0, 2));
      const [a, b] = await Promise.allSettled([first, second]);
      expect(a.status === 'rejected' && (a.reason as Error).name).to.equal('AbortError');
      expect(b.status === 'fulfilled' && b.value.length).to.equal(2);
      const controller = new AbortController();
      const third = strata.plan(requests, { signal: controller.signal });
      controller.abort();
      const [c] = await Promise.allSettled([third]);
      expect(c.status === 'rejected' && (c.reason as Error).name).to.equal('AbortError');
    });

    it('a request that fails alone gets its error; the others their rows', async () => {
      const results = await strata.plan([
        { metric: 'npl' },
        { metric: 'segments' } as unknown as PlanRequest,
        { metric: 'nosuch' } as unknown as PlanRequest,
        { metric: 'npl', options: 'by tier' } as unknown as PlanRequest,
        { metric: 'classMix', options: { by: 'as_of' } },
      ]);
      expect(results.map((r) => (r.error ? r.error instanceof StrataOptionError : 'rows'))).to.deep.equal(['rows', true, true, true, 'rows']);
      expect((results[1]!.error as StrataOptionError).option).to.equal('by');
      expect(results[2]!.error!.message).to.contain('nosuch');
    });
  });

  describe('a statement already running is shared by its callers', () => {
    let strata: Strata;
    /** Statements the engine was given, as a spy on the real engine counts them. */
    const ran: string[] = [];
    before(async () => {
      const engine = await h.createEngine();
      const query = engine.query.bind(engine);
      engine.query = (sql, params, options) => {
        ran.push(sql);
        return query(sql, params, options);
      };
      strata = await Strata.open({ engine });
      await strata.load(smallBank);
    });
    after(async () => {
      await strata.close();
    });

    // vintage has no cube: always a statement.
    it('two callers at once run it once and get equal copies; one caller aborting leaves the other its rows', async () => {
      ran.length = 0;
      const [a, b] = await Promise.all([strata.vintage({ by: 'branch' }), strata.vintage({ by: 'branch' })]);
      expect(ran.filter((sql) => sql.includes('vintage') || sql.includes('origination')).length, ran.join('\n')).to.equal(1);
      expect(a).not.to.equal(b);
      expect([...a]).to.deep.equal([...b]);

      strata.clearCache();
      ran.length = 0;
      const early = new AbortController();
      const first = strata.vintage({ by: 'product', signal: early.signal });
      const second = strata.vintage({ by: 'product' });
      early.abort();
      const [x, y] = await Promise.allSettled([first, second]);
      expect(x.status === 'rejected' && (x.reason as Error).name).to.equal('AbortError');
      expect(y.status === 'fulfilled' && y.value.length).to.be.greaterThan(0);
      expect(ran.length, 'the statement ran once for both').to.equal(1);
    });
  });
}
