import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FROM, openDemo, TO } from '../../helpers/demo.js';

let demo: Awaited<ReturnType<typeof openDemo>>;
beforeAll(async () => {
  demo = await openDemo();
});
afterAll(() => demo.close());

const post = (path: string, body: unknown, cookie?: string) =>
  demo.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });

describe('POST /api/verify: a figure against the aggregates posted with it', () => {
  const inputs = { satisfied: { counts: { '1': 2, '2': 3, '3': 5, '4': 40, '5': 50 } } };

  it('matches what the calculator gave, and names the first difference when anything changed', async () => {
    const figure = await (await post('/api/compute/tap-rating', { inputs })).json();
    const claim = { provenance: figure.provenance, published: figure.headline.published };
    const same = await (await post('/api/verify', { ...claim, inputs })).json();
    expect(same).toMatchObject({ match: true, difference: null, recomputed: { published: 90 } });

    const moved = { satisfied: { counts: { ...inputs.satisfied.counts, '5': 49 } } };
    const other = await (await post('/api/verify', { ...claim, inputs: moved })).json();
    expect(other.match).toBe(false);
    expect(other.difference).toMatchObject({ field: 'inputHash', claimed: figure.provenance.inputHash });

    const wrongFigure = await (await post('/api/verify', { ...claim, published: 91, inputs })).json();
    expect(wrongFigure.difference).toEqual({ field: 'published', claimed: 91, recomputed: 90 });

    // A claim of a setting the figure was not computed under: the method's hash differs first.
    const settings = { ...claim, provenance: { ...figure.provenance, settings: { 'options.minN': 5 } } };
    expect((await (await post('/api/verify', { ...settings, inputs })).json()).difference.field).toBe('definitionHash');
  });

  it('verifies a survey figure from its forms, whatever order they come in', async () => {
    const respondents = [
      { stratum: 'xã', cluster: 'Thôn 1', answers: { satisfied: '5' } },
      { stratum: 'xã', cluster: 'Thôn 1', answers: { satisfied: '4' } },
      { stratum: 'xã', cluster: 'Thôn 2', answers: { satisfied: '2' } },
    ];
    const figure = await (await post('/api/compute/tap-rating', { inputs: {}, design: { respondents } })).json();
    const again = await (
      await post('/api/verify', { provenance: figure.provenance, inputs: {}, design: { respondents: [...respondents].reverse() } })
    ).json();
    expect(again.match).toBe(true);
  });

  it('refuses an unknown method with 404', async () => {
    const res = await post('/api/verify', {
      provenance: {
        definitionId: 'no-such',
        definitionVersion: '1',
        definitionHash: 'x',
        inputHash: 'x',
        settings: {},
        engineVersion: '1',
      },
    });
    expect(res.status).toBe(404);
  });
});

describe('POST /api/verify/stored: a published figure of a unit against the stored records', () => {
  it('recomputes a ranking row’s figure from the records and matches; another period does not', async () => {
    const province = await demo.unitId('01');
    const ranking = await (
      await demo.app.request(`/api/rankings?definition=service-qd766-2022&parent=${province}&from=${FROM}&to=${TO}`, {
        headers: { cookie: demo.cookie },
      })
    ).json();
    const row = ranking.blocks[0].rows[0];
    const claim = { provenance: row.provenance, published: Math.round(row.value * 100) / 100, unit: row.unit.id };
    const same = await (await post('/api/verify/stored', { ...claim, from: FROM, to: TO }, demo.cookie)).json();
    expect(same).toMatchObject({ match: true, difference: null });
    expect(same.recomputed.provenance.settings).toEqual({ 'options.missing': 'exclude' });
    const shorter = await (await post('/api/verify/stored', { ...claim, from: FROM, to: '2026-06-30' }, demo.cookie)).json();
    expect(shorter.difference.field).toBe('inputHash');
    expect((await post('/api/verify/stored', { ...claim, from: FROM, to: TO })).status).toBe(401);
  });

  it('refuses a method not computed from stored records, naming the field', async () => {
    const res = await post(
      '/api/verify/stored',
      {
        provenance: {
          definitionId: 'par-province-qd876-2022',
          definitionVersion: '1',
          definitionHash: 'x',
          inputHash: 'x',
          settings: {},
          engineVersion: '1',
        },
        unit: await demo.unitId('01'),
        from: FROM,
        to: TO,
      },
      demo.cookie,
    );
    expect(res.status).toBe(422);
    expect((await res.json()).error.fields[0].field).toBe('provenance.definitionId');
  });
});
