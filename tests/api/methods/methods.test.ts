import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unconfirmedRules } from '../../../api/methods/service.js';
import { canonicalJson, compute, DEFINITIONS, getDefinition } from '../../../engine/index.js';
import { makeTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const post = (path: string, body: unknown) =>
  t.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('GET /api/methodologies', () => {
  it('lists every method with its legal basis and its settings, unconfirmed ones flagged', async () => {
    const res = await t.app.request('/api/methodologies');
    expect(res.status).toBe(200);
    const list = (await res.json()) as {
      id: string;
      legalBasis: { document: string };
      settings: { path: string; unconfirmed: boolean }[];
    }[];
    expect(list.map((m) => m.id)).toContain('sipas-qd1001-2023');
    const tt01 = list.find((m) => m.id === 'counter-tt01-2018')!;
    expect(tt01.legalBasis.document).toContain('01/2018/TT-VPCP');
    expect(tt01.settings.find((s) => s.path === 'options.bands')).toMatchObject({ unconfirmed: true });
  });
});

describe('unconfirmed rules', () => {
  it('names every placeholder of every built-in method in words, PAR’s area points, SIPAS weight and letter weights among them', () => {
    for (const definition of DEFINITIONS) {
      for (const rule of unconfirmedRules(definition)) expect(rule.label.vi, `${definition.id} ${rule.rule}`).not.toBe(rule.rule);
    }
    const par = Object.fromEntries(unconfirmedRules(getDefinition('par-province-qd876-2022')!).map((r) => [r.rule, r]));
    expect(par['points.max']).toMatchObject({ items: 8, label: { vi: 'điểm tối đa của các mục thẩm định' } });
    expect(par['from_index.max']?.label.vi).toBe('số điểm quy đổi từ SIPAS');
    expect(par['points_table.table']?.label.vi).toBe('điểm theo từng phương án trả lời');
  });
});

describe('POST /api/compute/:definitionId', () => {
  const inputs = { satisfied: { counts: { '1': 2, '2': 3, '3': 5, '4': 40, '5': 50 } } };

  it('computes from posted forms with the interval of their design, and takes forms or aggregates, not both', async () => {
    // Two villages of two households, alike within each village.
    const respondents = [
      { stratum: 'xã', cluster: 'Thôn 1', answers: { satisfied: '5' } },
      { stratum: 'xã', cluster: 'Thôn 1', answers: { satisfied: '5' } },
      { stratum: 'xã', cluster: 'Thôn 2', answers: { satisfied: '2' } },
      { stratum: 'xã', cluster: 'Thôn 2', answers: { satisfied: '2' } },
    ];
    const res = await post('/api/compute/tap-rating', { inputs: {}, design: { respondents } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.headline.value).toBe(50);
    expect(body.design).toMatchObject({ respondents: 4, samplingUnits: 2, clustered: true });
    // Influences ±25 per person, village totals ±50: 2/1 · (2500 + 2500) = 10,000 against 4/3 · 4 · 625 = 3,333.
    expect(body.design.deff).toBeCloseTo(3, 10);
    const both = await post('/api/compute/tap-rating', { inputs, design: { respondents } });
    expect(both.status).toBe(422);
    expect((await both.json()).error.fields[0].field).toBe('design');
  });

  it('computes over posted counts, and its provenance proves which inputs gave the figure', async () => {
    const res = await post('/api/compute/tap-rating', { inputs });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.headline).toMatchObject({ value: 90, published: 90, n: 100 });
    const expectedHash = createHash('sha256')
      .update(canonicalJson({ inputs, context: {}, reported: {} }))
      .digest('hex');
    expect(body.provenance).toMatchObject({ definitionId: 'tap-rating', definitionVersion: '1', inputHash: expectedHash });
    // The portable engine, run anywhere on the same inputs, gives the same figure and hashes.
    const local = compute(getDefinition('tap-rating')!, inputs);
    expect(local.provenance).toEqual(body.provenance);
    expect(local.headline).toEqual(body.headline);
  });

  it('records overridden settings', async () => {
    const body = await (await post('/api/compute/tap-rating', { inputs, settings: { 'options.minN': 500 } })).json();
    expect(body.headline.lowN).toBe(true);
    expect(body.provenance.settings).toEqual({ 'options.minN': 500 });
  });

  it('names the bad input, setting or method', async () => {
    const wrongShape = await post('/api/compute/tap-rating', { inputs: { satisfied: { points: 3 } } });
    expect(wrongShape.status).toBe(422);
    expect((await wrongShape.json()).error.fields[0]).toMatchObject({ field: 'inputs.satisfied', code: 'engine_input' });
    const negative = await post('/api/compute/tap-rating', { inputs: { satisfied: { counts: { '5': -1 } } } });
    expect(negative.status).toBe(422);
    const setting = await post('/api/compute/tap-rating', { inputs, settings: { 'options.nothing': 1 } });
    expect((await setting.json()).error.fields[0].field).toBe('settings.options.nothing');
    expect((await post('/api/compute/no-such-method', { inputs })).status).toBe(404);
  });

  it('never answers 5xx to any body', async () => {
    const ids = ['tap-rating', 'sipas-qd1001-2023', 'counter-tt01-2018', 'service-qd766-2022', 'par-province-qd876-2022'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ids),
        fc.oneof(
          fc.jsonValue(),
          fc.record({
            inputs: fc.dictionary(
              fc.constantFrom('satisfied', 'k1', 'k5', 'total', 'a1.appraisal', 'policy', 'progress.1'),
              fc.jsonValue(),
            ),
          }),
          fc.record({
            inputs: fc.constant({}),
            settings: fc.dictionary(fc.constantFrom('options.decimals', 'options.bands', 'k1.table', 'total.rule'), fc.jsonValue()),
          }),
        ),
        async (id, body) => {
          const res = await post(`/api/compute/${id}`, body);
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 300 },
    );
  });
});
