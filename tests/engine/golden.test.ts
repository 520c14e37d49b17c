import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compute, Definition, officialRanks, rollUp } from '../../engine/index.js';
import { definition } from './helpers.js';

// Published numbers from ../shared/methodology (sipas.md §5, par.md §6, confirmations.md §6, tables.md §2).

describe('SIPAS QĐ 1001: SIPAS = mean of the two sub-indices', () => {
  const sipas = definition('sipas-qd1001-2023');

  it('reproduces Hà Nội 2024: (86.51 + 86.49) / 2 = 86.50', () => {
    const result = compute(sipas, { policy: { value: 86.51 }, service: { value: 86.49 } });
    expect(result.headline.published).toBe(86.5);
  });

  it('reproduces Hà Nội 2023 within the stated tolerance of 0.05 (implied 83.46 and 83.72 → published 83.57)', () => {
    const result = compute(sipas, { policy: { value: 83.46 }, service: { value: 83.72 } });
    expect(Math.abs((result.headline.value as number) - 83.57)).toBeLessThanOrEqual(0.05);
  });
});

describe('PAR 2012: index = appraisal + survey, ranked on the result', () => {
  // par.md §6.1 (HF letrinhan/vn-par-master): [province, appraisal, survey, published index, published rank]
  const TABLE: [string, number, number, number, number][] = [
    ['Đà Nẵng', 53.25, 33.87, 87.12, 1],
    ['Bà Rịa–Vũng Tàu', 54.35, 31.79, 86.14, 2],
    ['TP Hồ Chí Minh', 52.75, 31.08, 83.83, 3],
    ['Đồng Tháp', 52.5, 30.91, 83.41, 4],
    ['An Giang', 54.25, 29, 83.25, 5],
    ['Hải Phòng', 51.5, 31.55, 83.05, 6],
    ['Hà Nội', 51.25, 31.52, 82.77, 7],
    ['Bắc Giang', 53.75, 29, 82.75, 8],
    ['Thái Bình', 50.25, 31.7, 81.95, 9],
    ['Vĩnh Long', 51.25, 30.42, 81.67, 10],
    ['Bình Dương', 50.5, 30.76, 81.26, 11],
    ['Cần Thơ', 50.5, 30.37, 80.87, 12],
    ['Ninh Bình', 50, 30.73, 80.73, 13],
    ['Bạc Liêu', 50.1, 30.46, 80.56, 14],
    ['Hậu Giang', 48.1, 32.42, 80.52, 15],
    ['Thanh Hóa', 51, 29.41, 80.41, 16],
    ['Lào Cai', 48.35, 32.01, 80.36, 17],
    ['Tây Ninh', 51.5, 28.79, 80.29, 18],
    ['Quảng Ninh', 49.75, 30.46, 80.21, 19],
  ];
  // A 2012-style method built from the engine's parts (appraisal and survey points, 100 in all).
  const par2012 = Definition.parse({
    id: 'par-2012-fixture',
    version: '2012',
    title: { vi: 'Chỉ số CCHC 2012 (kiểm thử)', en: 'PAR Index 2012 (test fixture)' },
    legalBasis: { document: 'Bộ Nội vụ, Chỉ số CCHC năm 2012', date: null, issuer: 'Bộ Nội vụ' },
    options: { headline: 'percent' },
    root: {
      id: 'total',
      label: { vi: 'Chỉ số CCHC', en: 'PAR Index' },
      rule: 'sum',
      children: [
        { id: 'appraisal', label: { vi: 'Điểm thẩm định', en: 'Appraisal' }, rule: 'points', max: 62 },
        { id: 'survey', label: { vi: 'Điểm điều tra', en: 'Survey' }, rule: 'points', max: 38 },
      ],
    },
  });

  it('gives every published index and rank', () => {
    const shuffled = [...TABLE].reverse();
    const results = shuffled.map(([name, appraisal, survey]) => ({
      name,
      computation: compute(par2012, { appraisal: { points: appraisal }, survey: { points: survey } }),
    }));
    const ranks = officialRanks(
      results.map((r) => ({ key: r.name, value: r.computation.headline.value, se: null })),
      'name',
    );
    for (const [name, , , index, rank] of TABLE) {
      const computed = results.find((r) => r.name === name)!.computation;
      expect(computed.headline.published, name).toBe(index);
      expect(ranks.get(name), name).toBe(rank);
    }
  });
});

describe('SIPAS 2023 nationally: a mean of provinces, not of the pooled parts', () => {
  // 82.66% "trung bình cả nước" (baotintuc.vn/video/sipas-cua-63-dia-phuong-nam-2023-v20240417172100954.htm, MOHA 17/4/2024);
  // service elements 83, 83.02, 83.12, 83.03, 82.27 (en.vietnamplus.vn …/284704.vnp); policy 82.49 (lecourrier.vn …/1230300.html).
  const sipas = definition('sipas-qd1001-2023');
  const parts = {
    policy: { value: 82.49 },
    'service.access': { value: 83 },
    'service.procedure': { value: 83.02 },
    'service.staff': { value: 83.12 },
    'service.result': { value: 83.03 },
    'service.feedback': { value: 82.27 },
  };

  it('gives 82.69 from the published parts, which is not the published 82.66: the parts are pooled, the SIPAS a mean of provinces', () => {
    const fromParts = compute(sipas, parts).headline.published as number;
    expect(fromParts).toBe(82.69);
    expect(Math.abs(fromParts - 82.66)).toBeGreaterThan(0.01); // more than rounding can explain
  });

  it('offers both readings as a setting: the mean of provinces (every province weighs the same) or pooled forms', () => {
    expect(sipas.options.unconfirmed).toContain('aggregation');
    expect(sipas.options.aggregation).toBe('pooled'); // one figure on every page; the national reading is the setting
    // Two provinces at 90 (100 forms) and 70 (900 forms): mean of units 80, pooled 72.
    const province = (satisfied: number, n: number) => ({ 'service.staff.1': { counts: { '5': satisfied, '2': n - satisfied } } });
    const units = [province(90, 100), province(630, 900)];
    const national = compute(sipas, {}, { settings: { 'options.aggregation': 'mean_of_units' } });
    expect(national.provenance.settings).toEqual({ 'options.aggregation': 'mean_of_units' });
    expect(rollUp(sipas, units, 'mean_of_units').value).toBeCloseTo(80, 10);
    expect(rollUp(sipas, units, 'pooled').value).toBeCloseTo(72, 10);
  });
});

describe('official ranks on unrounded values', () => {
  // confirmations.md §6.1: the ten 2015 pilot provinces (HF letrinhan/vn-sipas-provincial).
  const pilot2015: [string, number, number][] = [
    ['Đà Nẵng', 95.99, 1],
    ['Cà Mau', 89.86, 2],
    ['Quảng Ninh', 85.18, 3],
    ['Hà Tĩnh', 84.94, 4],
    ['Lai Châu', 84.94, 5],
    ['TP. Hồ Chí Minh', 84.51, 6],
    ['Hà Nội', 83.83, 7],
    ['Tây Ninh', 82.78, 8],
    ['Đắk Lắk', 78.67, 9],
    ['Hưng Yên', 73.51, 10],
  ];

  it('gives Hà Tĩnh and Lai Châu (both 84.94 in SIPAS 2015) ranks 4 and 5 by name, as published', () => {
    const items = pilot2015.map(([key, value]) => ({ key, value, se: null }));
    const distinct = officialRanks(items, 'name');
    for (const [key, , rank] of pilot2015) expect(distinct.get(key)).toBe(rank);
    const shared = officialRanks(items, 'shared');
    expect([shared.get('Hà Tĩnh'), shared.get('Lai Châu'), shared.get('TP. Hồ Chí Minh')]).toEqual([4, 4, 6]);
  });

  it('gives the same 2015 ranks whatever order the rows come in (reversed and shuffled)', () => {
    const items = pilot2015.map(([key, value]) => ({ key, value, se: null }));
    const expected = officialRanks(items, 'name');
    fc.assert(
      fc.property(fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length }), (shuffled) => {
        expect(officialRanks(shuffled, 'name')).toEqual(expected);
        expect(officialRanks([...shuffled].reverse(), 'name')).toEqual(expected);
      }),
    );
    expect(officialRanks([...items].reverse(), 'name').get('Lai Châu')).toBe(5);
  });

  it('orders PAR 2023 provinces 1–5 from their indices in any input order', () => {
    const top: [string, number][] = [
      ['Bắc Giang', 91.16],
      ['Quảng Ninh', 92.18],
      ['Bà Rịa–Vũng Tàu', 91.03],
      ['Hà Nội', 91.43],
      ['Hải Phòng', 91.87],
    ];
    const ranks = officialRanks(
      top.map(([key, value]) => ({ key, value, se: null })),
      'name',
    );
    expect(['Quảng Ninh', 'Hải Phòng', 'Hà Nội', 'Bắc Giang', 'Bà Rịa–Vũng Tàu'].map((k) => ranks.get(k))).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('bands', () => {
  const band = (id: string, value: number) => compute(definition(id), { total: { value } }).headline.band?.id ?? null;

  it('PAR groups A ≥ 90, B 80–<90, C 70–<80 (PAR 2022/2023 announcements)', () => {
    expect(band('par-province-qd876-2022', 92.18)).toBe('A'); // Quảng Ninh 2023
    expect(band('par-province-qd876-2022', 90)).toBe('A');
    expect(band('par-province-qd876-2022', 89.99)).toBe('B');
    expect(band('par-province-qd876-2022', 81.32)).toBe('B'); // An Giang 2023
    expect(band('par-province-qd876-2022', 70)).toBe('C');
    expect(band('par-province-qd876-2022', 69.99)).toBe('D');
  });

  it('QĐ 766: Lâm Đồng Q2/2024 (98.63 and 90.96 Xuất sắc, 83.61 Tốt); below 50 Yếu', () => {
    expect(band('service-qd766-2022', 98.63)).toBe('excellent');
    expect(band('service-qd766-2022', 90.96)).toBe('excellent');
    expect(band('service-qd766-2022', 83.61)).toBe('good');
    expect(band('service-qd766-2022', 49.99)).toBe('weak');
  });

  it('TT 01 grades: Xuất sắc above 15, Tốt 12 to 15 (15 itself is Tốt, not the Thanh Hóa code’s Yếu)', () => {
    expect(band('counter-tt01-2018', 15.01)).toBe('excellent');
    expect(band('counter-tt01-2018', 15)).toBe('good');
    expect(band('counter-tt01-2018', 12)).toBe('good');
    expect(band('counter-tt01-2018', 11.99)).toBe('fair');
    expect(band('counter-tt01-2018', 6)).toBe('average');
    expect(band('counter-tt01-2018', 5.99)).toBe('weak');
  });
});

describe('SIPAS as fielded in 2024 (QĐ 1001, the 2024 questionnaire)', () => {
  const sipas = definition('sipas-qd1001-2024');
  const share = (satisfied: number, n = 100) => ({ counts: { '5': satisfied, '2': n - satisfied } });

  it('asks three access contents (signage; seats and writing desks; equipment) and an overall question per element', () => {
    const result = compute(sipas, {});
    const access = result.root.children?.[1]?.children?.find((e) => e.id === 'service.access');
    expect(access?.children?.map((c) => c.id)).toEqual(['service.access.contents', 'service.access.overall']);
    expect(access?.children?.[0]?.children?.map((c) => c.label.vi)).toEqual([
      'Nơi làm việc có biển hiệu, chỉ dẫn rõ ràng',
      'Có đủ chỗ ngồi chờ, bàn viết hồ sơ',
      'Trang thiết bị đầy đủ, dễ sử dụng',
    ]);
    const elements = result.root.children?.[1]?.children ?? [];
    expect(elements.map((e) => e.children?.[1]?.id)).toEqual([
      'service.access.overall',
      'service.procedure.overall',
      'service.staff.overall',
      'service.result.overall',
      'service.feedback.overall',
    ]);
  });

  const inputs = {
    'service.access.1': share(80),
    'service.access.2': share(70),
    'service.access.3': share(90),
    'service.access.overall': share(84), // reported beside the element, as the press does (84.27% in 2024)
  };

  it('takes the element index from its contents by default, showing the overall question beside it uncounted', () => {
    const r = compute(sipas, inputs);
    const access = r.root.children?.[1]?.children?.[0];
    expect(access?.value).toBeCloseTo(80, 10); // (80 + 70 + 90) / 3
    expect(access?.children?.[1]?.value).toBe(84);
    expect(compute(sipas, { ...inputs, 'service.access.overall': share(10) }).root.children?.[1]?.children?.[0]?.value).toBeCloseTo(80, 10);
  });

  it('reads the element from its overall question when set so, and refuses to count neither', () => {
    const overall = { 'service.access.contents.weight': 0, 'service.access.overall.weight': 1 };
    expect(compute(sipas, inputs, { settings: overall }).root.children?.[1]?.children?.[0]?.value).toBe(84);
    expect(() => compute(sipas, inputs, { settings: { 'service.access.contents.weight': 0 } })).toThrow(/positive weight/);
  });
});
