import { describe, expect, it } from 'vitest';
import { DEFINITIONS, type Definition, listSettings } from '../../engine/index.js';
import { definition } from './helpers.js';

type N = Definition['root'];
const children = (n: N): N[] => ('children' in n ? n.children : []);
const find = (n: N, id: string): N | undefined =>
  n.id === id
    ? n
    : children(n)
        .map((c) => find(c, id))
        .find(Boolean);
const leafCount = (n: N): number => ('children' in n ? n.children.reduce((s, c) => s + leafCount(c), 0) : 1);
const maxOf = (n: N): number =>
  'children' in n ? n.children.filter((c) => c.rule !== 'adjustment').reduce((s, c) => s + maxOf(c), 0) : 'max' in n ? n.max : 100;

describe('built-in methods', () => {
  it('each has a legal basis, a unique id, and Vietnamese and English titles', () => {
    const ids = DEFINITIONS.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        'sipas-qd2640-2017',
        'sipas-qd1001-2023',
        'counter-tt01-2018',
        'service-qd766-2022',
        'par-province-qd876-2022',
        'par-ministry-qd876-2022',
        'tap-rating',
      ]),
    );
    for (const d of DEFINITIONS) {
      expect(d.legalBasis.document.length).toBeGreaterThan(0);
      expect(d.title.vi).not.toBe(d.title.en);
    }
  });

  it('makes every unconfirmed rule a visible setting with its current value', () => {
    for (const d of DEFINITIONS) {
      const settings = listSettings(d);
      for (const s of settings.filter((x) => x.unconfirmed)) expect(s.value, `${d.id} ${s.path}`).not.toBeUndefined();
      const paths = new Set(settings.map((s) => s.path));
      expect(paths.size).toBe(settings.length);
    }
    expect(listSettings(definition('par-province-qd876-2022')).find((s) => s.path === 'a1.appraisal.max')).toMatchObject({
      value: 9,
      unconfirmed: true,
    });
  });

  it('SIPAS 2017: 5 elements, 22 criteria split 4+5+6+3+4', () => {
    const d = definition('sipas-qd2640-2017');
    expect(children(d.root).map(leafCount)).toEqual([4, 5, 6, 3, 4]);
  });

  it('SIPAS 2023: policy 4 + 9 + 2 statements, service 19 in 5 elements (4+4+5+3+3)', () => {
    const d = definition('sipas-qd1001-2023');
    expect(children(find(d.root, 'policy')!).map(leafCount)).toEqual([4, 9, 2]);
    expect(children(find(d.root, 'service')!).map(leafCount)).toEqual([4, 4, 5, 3, 3]);
    expect(d.reported.find((r) => r.id === 'expectations')!.options).toHaveLength(10);
  });

  it('TT 01: nine clauses of 2 points, 18 in all', () => {
    const d = definition('counter-tt01-2018');
    expect(children(d.root).map((c) => c.id)).toEqual(['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9']);
    expect(maxOf(d.root)).toBe(18);
  });

  it('QĐ 766: groups 18/20/22/22/18 = 100, shown as six cards 18/20/12/10/18/22', () => {
    const d = definition('service-qd766-2022');
    expect(children(d.root).map(maxOf)).toEqual([18, 20, 22, 22, 18]);
    const cardMax = d.display.map((card) => card.nodes.reduce((s, id) => s + maxOf(find(d.root, id)!), 0));
    expect(cardMax).toEqual([18, 20, 12, 10, 18, 22]);
  });

  it.each([
    ['par-province-qd876-2022', 8, 68, 32],
    ['par-ministry-qd876-2022', 7, 68.5, 31.5],
    ['par-hanoi-departments-2024', 8, 70, 30],
  ])('%s: %i areas, %d appraisal + %d survey points', (id, areas, appraisal, survey) => {
    const d = definition(id);
    expect(children(d.root).filter((c) => c.rule === 'sum')).toHaveLength(areas);
    const card = (cardId: string) => d.display.find((c) => c.id === cardId)!.nodes.reduce((s, n) => s + maxOf(find(d.root, n)!), 0);
    expect(card('appraisal')).toBeCloseTo(appraisal, 10);
    expect(card('survey')).toBeCloseTo(survey, 10);
    expect(maxOf(d.root)).toBeCloseTo(100, 10);
  });
});
