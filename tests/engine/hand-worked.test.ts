import { describe, expect, it } from 'vitest';
import { compute, Definition, EngineInputError, type Inputs } from '../../engine/index.js';
import { definition, node, share } from './helpers.js';

describe('tap-rating', () => {
  const tap = definition('tap-rating');

  it('is the share of 4s and 5s, with its Wilson interval', () => {
    // 40 + 50 satisfied of 2 + 3 + 5 + 40 + 50 = 100 taps → 90%; Wilson 95%: [82.56, 94.48].
    const r = compute(tap, { satisfied: { counts: { '1': 2, '2': 3, '3': 5, '4': 40, '5': 50 } } });
    expect(r.headline.value).toBeCloseTo(90, 10);
    expect(r.headline.n).toBe(100);
    expect(r.headline.publishedInterval).toEqual({ lower: 82.56, upper: 94.48 });
    expect(r.headline.lowN).toBe(false);
    expect(r.definition.notSipas).toBe(true);
  });

  it('flags a figure resting on fewer taps than the minimum', () => {
    const r = compute(tap, { satisfied: { counts: { '4': 10, '2': 10 } } });
    expect(r.headline.value).toBe(50);
    expect(r.headline.lowN).toBe(true); // 20 < 30
  });
});

describe('sipas-qd2640-2017', () => {
  const sipas = definition('sipas-qd2640-2017');
  const inputs = {
    // e1: 80, 90, 100, 70 → 85
    'e1.1': share(8),
    'e1.2': share(9),
    'e1.3': share(10),
    'e1.4': share(7),
    // e2: 90, 90, 80, 80, 60 → 80
    'e2.1': share(9),
    'e2.2': share(9),
    'e2.3': share(8),
    'e2.4': share(8),
    'e2.5': share(6),
    // e3: five at 100 and one at 40 → 540 / 6 = 90
    'e3.1': share(10),
    'e3.2': share(10),
    'e3.3': share(10),
    'e3.4': share(10),
    'e3.5': share(10),
    'e3.6': share(4),
    // e4: 70, 80, 90 → 80
    'e4.1': share(7),
    'e4.2': share(8),
    'e4.3': share(9),
    // e5: 50, 60, 70, 80 → 65
    'e5.1': share(5),
    'e5.2': share(6),
    'e5.3': share(7),
    'e5.4': share(8),
  };

  it('averages criteria into elements and elements into SIPAS', () => {
    const r = compute(sipas, inputs);
    expect(['e1', 'e2', 'e3', 'e4', 'e5'].map((id) => node(r, id).value)).toEqual([85, 80, 90, 80, 65]);
    expect(r.headline.value).toBeCloseTo(80, 10); // (85 + 80 + 90 + 80 + 65) / 5
  });

  it('leaves out a criterion nobody answered (e5 = (50 + 60 + 70) / 3 = 60, SIPAS 79)', () => {
    const { 'e5.4': _, ...rest } = inputs;
    const r = compute(sipas, rest);
    expect(node(r, 'e5').value).toBeCloseTo(60, 10);
    expect(r.headline.value).toBeCloseTo(79, 10);
  });
});

describe('sipas-qd1001-2023', () => {
  const sipas = definition('sipas-qd1001-2023');
  const all = (prefix: string, shares: number[]) => Object.fromEntries(shares.map((x, i) => [`${prefix}.${i + 1}`, share(x)]));

  it('computes the policy and service sub-indices and their mean; reports expectations as shares', () => {
    const r = compute(
      sipas,
      {
        ...all('policy.info', [8, 8, 8, 8]), // 80
        ...all('policy.groups', [7, 7, 7, 7, 7, 7, 7, 7]), // 8 groups at 70; the 9th (2023) unanswered → 70
        ...all('policy.impact', [6, 9]), // 75
        ...all('service.access', [9, 9, 9, 9]), // 90
        ...all('service.procedure', [8, 8, 8, 8]), // 80
        ...all('service.staff', [10, 10, 10, 10, 5]), // 90
        ...all('service.result', [6, 7, 8]), // 70
        ...all('service.feedback', [9, 9, 6]), // 80
      },
      { reported: { expectations: { counts: { '1': 30, '5': 20 }, respondents: 100 } } },
    );
    expect(node(r, 'policy').value).toBeCloseTo(75, 10); // (80 + 70 + 75) / 3
    expect(node(r, 'service').value).toBeCloseTo(82, 10); // (90 + 80 + 90 + 70 + 80) / 5
    expect(r.headline.value).toBeCloseTo(78.5, 10);
    const expectations = r.reported.find((x) => x.id === 'expectations')!;
    expect(expectations.options.find((o) => o.code === '1')!.share).toBe(30);
    expect(expectations.options.find((o) => o.code === '5')!.share).toBe(20);
    expect(expectations.options.find((o) => o.code === '10')!.share).toBe(0);
  });
});

describe('counter-tt01-2018', () => {
  const tt01 = definition('counter-tt01-2018');

  it('scores a unit out of 18: per-dossier means plus per-unit tiers', () => {
    const r = compute(
      tt01,
      {
        k1: { counts: { '2': 3, '1': 1 } }, // (3·2 + 1) / 4 = 1.75
        k2: { counts: { '2': 4 } }, // 2
        k3: { counts: { '2': 2, '0': 1, applicant_fault: 1 } }, // applicant at fault leaves the base: 4 / 3
        k4: { counts: { '1': 4 } }, // 1
        k5: { measures: { handled_share: 1, received_share: 1 } }, // a ward must handle 100% itself → 2
        k6: { counts: { '2': 4 } }, // 2
        k7: { counts: { '2': 4 } }, // 2
        k8: { measures: { pakn_total: 0, pakn_on_time_share: 0, pakn_long_running: 0 } }, // no complaint → 2
        k9: { measures: { dvctt_share: 0.5, online_share: 0.2, online_late: 0 } }, // online 20% < 30% → 1
      },
      { context: { level: 'ward' } },
    );
    expect(node(r, 'k3').value).toBeCloseTo(4 / 3, 12);
    // 1.75 + 2 + 4/3 + 1 + 2 + 2 + 2 + 2 + 1 = 15.0833…
    expect(r.headline.value).toBeCloseTo(15.083333, 5);
    expect(r.headline.published).toBe(15.08);
    expect(r.root.max).toBe(18);
    expect(r.headline.band?.id).toBe('excellent');
  });

  it('uses the unit level for khoản 5: 60% handled is enough for a district (≥ 50%), not for a commune', () => {
    const k5 = { k5: { measures: { handled_share: 0.6, received_share: 1 } } };
    expect(compute(tt01, k5, { context: { level: 'district' } }).root.value).toBe(2);
    expect(compute(tt01, k5, { context: { level: 'commune' } }).root.value).toBe(1);
    expect(() => compute(tt01, k5)).toThrow(EngineInputError);
  });

  it('follows the text of khoản 5: 2 points on the handled share alone, 1 when all are received at the desk', () => {
    const k5 = (handled: number, received: number) =>
      compute(tt01, { k5: { measures: { handled_share: handled, received_share: received } } }, { context: { level: 'commune' } }).root
        .value;
    expect(k5(1, 0.9)).toBe(2); // our former reading also required 100% received: it gave 0
    expect(k5(0.9, 1)).toBe(1);
    expect(k5(0.9, 0.95)).toBe(0);
  });

  it('scores one dossier out of 12 when only the per-dossier clauses are answered, and grades no partial total', () => {
    const one = (code: string) => ({ counts: { [code]: 1 } });
    const r = compute(tt01, { k1: one('2'), k2: one('1'), k3: one('2'), k4: one('1'), k6: one('2'), k7: one('2') });
    expect(r.headline.value).toBe(10);
    expect(r.root.max).toBe(12);
    const perfect = compute(tt01, { k1: one('2'), k2: one('2'), k3: one('2'), k4: one('2'), k6: one('2'), k7: one('2') });
    expect(perfect.headline.value).toBe(12); // 12 of 12 would read "Tốt" on the 18-point bands
    expect(perfect.headline.band).toBeNull();
  });

  it('sums the nine appraised clause scores of a unit (Thanh Hóa form 02, "Tổng cộng 18") and grades the total', () => {
    const appraised = [2, 2, 1, 2, 2, 2, 2, 2, 1];
    const inputs = Object.fromEntries(appraised.map((points, k) => [`k${k + 1}`, { value: points, se: 0 }]));
    const r = compute(tt01, inputs);
    expect(r.headline.value).toBe(16);
    expect(r.headline.interval).toEqual({ lower: 16, upper: 16 });
    expect(r.headline.band?.id).toBe('excellent'); // > 15
    const { k9: _, ...eight } = inputs;
    expect(compute(tt01, eight).headline.band).toBeNull();
  });
});

describe('service-qd766-2022', () => {
  const qd766 = definition('service-qd766-2022');
  const rate = (numerator: number, denominator: number) => ({ numerator, denominator });
  const inputs = {
    'public.1': rate(9, 10), // 6 · 0.9 = 5.4
    'public.2': rate(10, 10), // 4
    'public.3': rate(1, 2), // 1
    'public.4': rate(80, 100), // 4.8 → group 15.2
    'progress.1': rate(95, 100), // 19
    'online.1': rate(7, 10), // target 80%: 6 · 0.7 / 0.8 = 5.25
    'online.2': rate(60, 100), // target 50%: capped at 6
    'online.3': rate(1, 1), // 2
    'online.4': rate(2, 5), // target 80%: 2 · 0.4 / 0.8 = 1
    'online.5': rate(30, 100), // 1.8 → group 16.05
    'digitisation.1': rate(50, 100), // 3
    'digitisation.2': rate(72, 100), // target 80%: 4 · 0.9 = 3.6
    'digitisation.3': { yes: true }, // 2
    'digitisation.4': rate(40, 100), // target 80%: 1
    'digitisation.5': rate(25, 100), // 1
    'digitisation.6': rate(1, 2), // 1
    'digitisation.7': rate(10, 100), // 0.2 → group 11.8
    'satisfaction.1': rate(9, 10), // 5.4
    'satisfaction.2': rate(8, 10), // 4.8
    'satisfaction.3': rate(85, 100), // target 90%: 6 · 0.85 / 0.9 = 5.6667 → group 15.8667
  };

  it('scores rates against their targets and adds the groups to 100', () => {
    const r = compute(qd766, inputs);
    expect(['public', 'progress', 'online', 'digitisation', 'satisfaction'].map((id) => node(r, id).value)).toEqual([
      expect.closeTo(15.2, 10),
      expect.closeTo(19, 10),
      expect.closeTo(16.05, 10),
      expect.closeTo(11.8, 10),
      expect.closeTo(15.866667, 5),
    ]);
    // 15.2 + 19 + 16.05 + 11.8 + 15.8667 = 77.9167 → Khá (70–<80)
    expect(r.headline.published).toBe(77.92);
    expect(r.headline.band?.id).toBe('fair');
    const cards = Object.fromEntries(r.display.map((c) => [c.id, [Number(c.value?.toFixed(4)), c.max]]));
    expect(cards).toEqual({
      public: [15.2, 18],
      progress: [19, 20],
      online_services: [11.25, 12],
      online_payment: [4.8, 10],
      satisfaction: [15.8667, 18],
      digitisation: [11.8, 22],
    });
  });

  it('counts every dossier, so it shows n and no sampling interval (a census), unless set to a sample', () => {
    const r = compute(qd766, inputs);
    expect(r.headline).toMatchObject({ se: 0, interval: null, publishedInterval: null });
    expect(node(r, 'progress.1')).toMatchObject({ n: 100, se: 0, interval: null });
    const sampled = compute(qd766, inputs, { settings: { 'options.sampling': 'sample' } });
    expect(sampled.headline.interval).not.toBeNull();
    expect(node(sampled, 'progress.1').interval).not.toBeNull();
  });

  it('is incomplete when an item is missing, unless the caller chooses to leave it out (and that is recorded)', () => {
    const { 'digitisation.3': _, ...rest } = inputs;
    const strict = compute(qd766, rest);
    expect(strict.headline.value).toBeNull();
    expect(strict.root.status).toBe('incomplete');
    const lenient = compute(qd766, rest, { settings: { 'options.missing': 'exclude' } });
    // (77.9167 − 2) / 98 × 100 = 77.466
    expect(lenient.headline.value).toBeCloseTo(((77.9166667 - 2) / 98) * 100, 4);
    expect(lenient.provenance.settings).toEqual({ 'options.missing': 'exclude' });
    expect(lenient.provenance.definitionHash).not.toBe(strict.provenance.definitionHash);
  });
});

describe('par-province-qd876-2022', () => {
  const par = definition('par-province-qd876-2022');

  it('adds appraisal and survey points; a not-applicable area leaves the maximum', () => {
    const r = compute(par, {
      'a1.appraisal': { points: 8 },
      'a2.appraisal': { points: 7 },
      'a3.appraisal': { points: 9 },
      'a4.appraisal': { points: 6 },
      'a5.appraisal': { points: 8 },
      a6: { notApplicable: true }, // removes 7 + 2.5 = 9.5 from the maximum
      'a7.appraisal': { points: 9 },
      'a8.appraisal': { points: 7 }, // appraisal: 54
      'a1.survey': { counts: { A: 6, B: 4 } }, // (6 · 2.5 + 4 · 1.5) / 10 = 2.1
      'a2.survey': { value: 2.4 },
      'a3.survey': { value: 3.2 },
      'a4.survey': { value: 2 },
      'a5.survey': { value: 3 },
      'a7.survey': { value: 2.5 },
      'a8.survey': { value: 0.8 }, // survey: 16
      'a8.sipas': { value: 86.5 }, // 10 · 86.5% = 8.65
    });
    expect(node(r, 'a1.survey').value).toBeCloseTo(2.1, 12);
    expect(r.root.value).toBeCloseTo(78.65, 10);
    expect(r.root.max).toBeCloseTo(90.5, 10);
    expect(r.headline.value).toBeCloseTo((78.65 / 90.5) * 100, 10); // 86.906 %
    expect(r.headline.published).toBe(86.91);
    expect(r.headline.band?.id).toBe('B');
    expect(r.display).toEqual([
      expect.objectContaining({ id: 'appraisal', value: 54, max: 61 }),
      expect.objectContaining({ id: 'survey', value: expect.closeTo(24.65, 10), max: 29.5 }),
    ]);
  });

  it('scores an item without an appraised score as 0 points (and says so)', () => {
    const r = compute(par, { 'a1.appraisal': { points: 9 } });
    expect(r.root.value).toBe(9);
    expect(node(r, 'a2.appraisal')).toMatchObject({ value: 0, imputed: true });
  });
});

describe('par-ministry-qd876-2022', () => {
  it('is out of 68.5 appraisal + 31.5 survey points', () => {
    const par = definition('par-ministry-qd876-2022');
    const maxima = par.root.rule === 'sum' ? par.root.children : [];
    const inputs = Object.fromEntries(
      maxima.flatMap((area) =>
        'children' in area
          ? area.children.map((leaf) => [
              leaf.id,
              leaf.id.endsWith('appraisal')
                ? { points: (leaf as { max: number }).max - 1 }
                : { value: 0.8 * (leaf as { max: number }).max },
            ])
          : [],
      ),
    );
    const r = compute(par, inputs);
    // (68.5 − 7 · 1) + 0.8 · 31.5 = 61.5 + 25.2 = 86.7
    expect(r.headline.value).toBeCloseTo(86.7, 10);
    expect(r.headline.band?.id).toBe('B');
  });
});

describe('par-hanoi-departments-2024 (a province’s own method)', () => {
  const hanoi = definition('par-hanoi-departments-2024');
  const full = () => {
    const inputs: Inputs = { 'a8.sipas': { value: 90 } }; // 9 of 10 points
    for (let a = 1; a <= 8; a++) {
      const area = hanoi.root.rule === 'sum' ? hanoi.root.children.find((c) => c.id === `a${a}`) : undefined;
      for (const leaf of area && 'children' in area ? area.children : []) {
        if (leaf.id.endsWith('.appraisal')) inputs[leaf.id] = { points: (leaf as { max: number }).max };
        if (leaf.id.endsWith('.survey')) inputs[leaf.id] = { value: (leaf as { max: number }).max };
      }
    }
    return inputs;
  };

  it('adds bonus or penalty outside the maximum and keeps the total within 100', () => {
    expect(compute(hanoi, full()).headline.value).toBeCloseTo(99, 10); // 70 + 20 + 9
    expect(compute(hanoi, { ...full(), bonus_penalty: { points: -2 } }).headline.value).toBeCloseTo(97, 10);
    expect(compute(hanoi, { ...full(), bonus_penalty: { points: 3 } }).headline.value).toBe(100); // 102 → 100
    expect(() => compute(hanoi, { ...full(), bonus_penalty: { points: 6 } })).toThrow(/outside \[-5, 5\]/);
  });
});

describe('bad inputs are refused with the node named', () => {
  const sipas = definition('sipas-qd2640-2017');
  it.each([
    [{ 'e1.1': { numerator: 1, denominator: 2 } }, /e1\.1: rule 'share' reads \{ counts \}/],
    [{ 'e1.1': { counts: { '6': 3 } } }, /e1\.1: answer '6' is not a level/],
    [{ 'e9.9': share(3) }, /e9\.9: no node/],
    [{ e1: { value: 101 } }, /e1: value 101 is outside \[0, 100\]/],
  ])('%j', (inputs, message) => {
    expect(() => compute(sipas, inputs as never)).toThrow(message);
  });
});

describe('rules the built-in methods do not use yet', () => {
  const custom = Definition.parse({
    id: 'weighted-fixture',
    version: '1',
    title: { vi: 'Kiểm thử trung bình có trọng số', en: 'Weighted mean fixture' },
    legalBasis: { document: 'test', date: null, issuer: 'test' },
    options: { headline: 'value', errorPropagation: 'independent' },
    root: {
      id: 'root',
      label: { vi: 'Chỉ số', en: 'Index' },
      rule: 'weighted_mean',
      children: [
        { id: 'a', label: { vi: 'A', en: 'A' }, rule: 'share', weight: 3 },
        { id: 'b', label: { vi: 'B', en: 'B' }, rule: 'share', weight: 1 },
      ],
    },
  });

  it('weighted mean: (3 · 80 + 1 · 40) / 4 = 70, with standard errors added in quadrature', () => {
    const r = compute(custom, { a: share(80, 100), b: share(4, 10) });
    expect(r.headline.value).toBeCloseTo(70, 10);
    const a = node(r, 'a').se as number;
    const b = node(r, 'b').se as number;
    expect(r.root.se).toBeCloseTo(Math.sqrt((0.75 * a) ** 2 + (0.25 * b) ** 2), 12);
    const conservative = compute(
      custom,
      { a: share(80, 100), b: share(4, 10) },
      { settings: { 'options.errorPropagation': 'conservative' } },
    );
    expect(conservative.root.se).toBeCloseTo(0.75 * a + 0.25 * b, 12);
  });

  it('an overridden weight changes the figure and the definition hash', () => {
    const r = compute(custom, { a: share(80, 100), b: share(4, 10) }, { settings: { 'b.weight': 3 } });
    expect(r.headline.value).toBeCloseTo(60, 10); // (3 · 80 + 3 · 40) / 6
    expect(r.provenance.definitionHash).not.toBe(compute(custom, {}).provenance.definitionHash);
  });
});
