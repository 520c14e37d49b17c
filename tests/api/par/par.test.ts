import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { units } from '../../../api/platform/db/schema.js';
import { getDefinition } from '../../../engine/index.js';
import { makeTestApp, type TestApp } from '../../helpers/app.js';

const METHOD = 'par-hanoi-departments-2024';
let t: TestApp;
const dept: Record<'justice' | 'home', number> = { justice: 0, home: 0 };
const who: Record<'staff' | 'otherStaff' | 'noivu' | 'leader', string> = { staff: '', otherStaff: '', noivu: '', leader: '' };

beforeEach(async () => {
  t = await makeTestApp();
  const province = t.ward.parentId as number;
  const add = async (code: string, name: string) =>
    (
      await t.deps.store.db
        .insert(units)
        .values({ code, name, kind: 'department', parentId: province, validFrom: '2008-08-01' })
        .returning()
        .get()
    ).id;
  dept.justice = await add('000.00.17.H26', 'Sở Tư pháp');
  dept.home = await add('000.00.11.H26', 'Sở Nội vụ');
  who.staff = await t.addUser('canbo.stp', 'unit_staff', dept.justice);
  who.otherStaff = await t.addUser('canbo.snv', 'unit_staff', dept.home);
  who.noivu = await t.addUser('noivu.hanoi', 'home_affairs', province);
  who.leader = await t.addUser('lanhdao.hanoi', 'leader', province);
});
afterEach(() => t.close());

async function call(as: keyof typeof who, method: string, path: string, body?: unknown) {
  const res = await t.app.request(path, {
    method,
    headers: { cookie: who[as], ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
}

const AREAS = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8'];
/** Maximum appraised points per area of the method, read from its definition. */
const maxOf = (area: string) => {
  const root = getDefinition(METHOD)!.root;
  const node = 'children' in root ? root.children.find((c) => c.id === area) : undefined;
  const leaf = node && 'children' in node ? node.children.find((c) => c.id === `${area}.appraisal`) : undefined;
  return (leaf as { max: number }).max;
};

const OVERRIDE = 'Kết quả điều tra xã hội học năm 2025 chưa có';

async function publishedWith(unitId: number, staff: keyof typeof who, selfScore: (area: string) => number) {
  const { body: draft } = await call(staff, 'POST', '/api/par-assessments', { unitId, year: 2025, definitionId: METHOD });
  for (const a of AREAS)
    await call(staff, 'PUT', `/api/par-assessments/${draft.id}/items/${a}.appraisal`, {
      points: selfScore(a),
      evidence: { document: `${a}/QĐ-UBND` },
    });
  await call(staff, 'POST', `/api/par-assessments/${draft.id}/transitions`, { to: 'submitted' });
  for (const a of AREAS) await call('noivu', 'PUT', `/api/par-assessments/${draft.id}/appraisal/${a}.appraisal`, { decision: 'accept' });
  await call('noivu', 'POST', `/api/par-assessments/${draft.id}/transitions`, { to: 'appraised' });
  await call('noivu', 'POST', `/api/par-assessments/${draft.id}/transitions`, { to: 'published', override: OVERRIDE });
  return draft.id as number;
}

describe('PAR self-assessment and appraisal', () => {
  it('goes draft → submitted → appraised → published, each step by the right person, and freezes the result', async () => {
    expect((await call('leader', 'POST', '/api/par-assessments', { unitId: dept.justice, year: 2025, definitionId: METHOD })).status).toBe(
      403,
    );
    const created = await call('staff', 'POST', '/api/par-assessments', { unitId: dept.justice, year: 2025, definitionId: METHOD });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    expect((await call('otherStaff', 'GET', `/api/par-assessments/${id}`)).status).toBe(404); // another department's
    expect((await call('staff', 'POST', '/api/par-assessments', { unitId: dept.justice, year: 2025, definitionId: METHOD })).status).toBe(
      409,
    );

    // Self-assessment: every area's appraised item at its maximum but a2 (6 of 8), and a6's not applicable.
    for (const a of AREAS) {
      const body =
        a === 'a6' ? { notApplicable: true } : { points: a === 'a2' ? 6 : maxOf(a), evidence: { document: `12/${a}`, date: '2025-03-01' } };
      const res = await call('staff', 'PUT', `/api/par-assessments/${id}/items/${a}.appraisal`, body);
      if (a === 'a1') {
        expect((await call('staff', 'PUT', `/api/par-assessments/${id}/items/a1.appraisal`, { points: 99 })).status).toBe(422);
      }
      expect(res.status).toBe(204);
    }
    expect((await call('noivu', 'PUT', `/api/par-assessments/${id}/appraisal/a1.appraisal`, { decision: 'accept' })).status).toBe(409); // not submitted yet
    expect((await call('staff', 'POST', `/api/par-assessments/${id}/transitions`, { to: 'submitted' })).status).toBe(200);
    expect((await call('staff', 'PUT', `/api/par-assessments/${id}/items/a1.appraisal`, { points: 1 })).status).toBe(409); // frozen for the unit

    // Appraisal: unit staff may not; a change needs a reason; bonus points with a reason.
    expect((await call('staff', 'PUT', `/api/par-assessments/${id}/appraisal/a1.appraisal`, { decision: 'accept' })).status).toBe(403);
    for (const a of AREAS)
      if (a !== 'a3') await call('noivu', 'PUT', `/api/par-assessments/${id}/appraisal/${a}.appraisal`, { decision: 'accept' });
    expect(
      (await call('noivu', 'PUT', `/api/par-assessments/${id}/appraisal/a3.appraisal`, { decision: 'change', points: 7 })).status,
    ).toBe(422);
    const early = await call('noivu', 'POST', `/api/par-assessments/${id}/transitions`, { to: 'appraised' });
    expect(early.status).toBe(422);
    expect(early.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['a3.appraisal']);
    expect(
      (
        await call('noivu', 'PUT', `/api/par-assessments/${id}/appraisal/a3.appraisal`, {
          decision: 'change',
          points: 7,
          reason: 'Thiếu minh chứng quyết định công bố TTHC',
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await call('noivu', 'PUT', `/api/par-assessments/${id}/appraisal/bonus_penalty`, {
          decision: 'change',
          points: 2,
          reason: 'Sáng kiến cải cách được công nhận',
        })
      ).status,
    ).toBe(204);
    expect((await call('noivu', 'PUT', `/api/par-assessments/${id}/survey/a1.survey`, { counts: { A: 6, B: 4 } })).status).toBe(204);
    expect((await call('staff', 'POST', `/api/par-assessments/${id}/transitions`, { to: 'appraised' })).status).toBe(403);
    expect((await call('noivu', 'POST', `/api/par-assessments/${id}/transitions`, { to: 'appraised' })).status).toBe(200);
    // The other survey items and SIPAS have no results: they would score 0, so publishing needs a reason.
    const refused = await call('noivu', 'POST', `/api/par-assessments/${id}/transitions`, { to: 'published' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('survey_missing');
    const unanswered = refused.body.error.fields.map((f: { field: string }) => f.field);
    expect(unanswered).toContain('a8.sipas');
    expect(unanswered).not.toContain('a1.survey');
    const short = await call('noivu', 'POST', `/api/par-assessments/${id}/transitions`, { to: 'published', override: 'chưa có' });
    expect(short.status).toBe(422);
    expect((await call('leader', 'GET', `/api/par-assessments/${id}`)).body.assessment.state).toBe('appraised');
    const published = await call('noivu', 'POST', `/api/par-assessments/${id}/transitions`, { to: 'published', override: OVERRIDE });
    expect(published.status).toBe(200);
    expect(published.body.publishOverride).toBe(OVERRIDE);
    const audit = (await t.query("select after from audit_log where action = 'par.published'")) as { after: string }[];
    expect(JSON.parse(audit[0]!.after)).toMatchObject({ override: OVERRIDE, unanswered });
    expect((await call('noivu', 'PUT', `/api/par-assessments/${id}/survey/a1.survey`, { counts: { A: 10 } })).status).toBe(409);

    // Scores by hand (maxima from the definition): a1 9, a2 6 (of 8), a3 10 self / 7 appraised, a4 7, a5 9, a6 n/a (7 + 2 leave the maximum), a7 12, a8 8.
    // Appraised items, self: 9 + 6 + 10 + 7 + 9 + 12 + 8 = 61; appraised: 61 − 3 = 58. Survey points count in both
    // views: a1 (6·2 + 4·1.2)/10 = 1.68. Bonus 2 is Home Affairs' only. Self 62.68, appraised 58 + 1.68 + 2 = 61.68.
    // Maximum: 100 − 7 (a6's appraised item; its survey part still applies) = 93. SIPAS: no survey this year → 0 points.
    const { body } = await call('leader', 'GET', `/api/par-assessments/${id}`);
    expect(body.self.root.value).toBeCloseTo(62.68, 10);
    expect(body.appraised.root.value).toBeCloseTo(61.68, 10);
    expect(body.appraised.root.max).toBeCloseTo(93, 10);
    expect(body.appraised.headline.value).toBeCloseTo((61.68 / 93) * 100, 10);
    expect(body.appraised.display.find((c: { id: string }) => c.id === 'appraisal')).toMatchObject({ value: 58, max: 63 });
    expect(body.assessment).toMatchObject({ state: 'published', version: 1 });
    const actions = ((await t.query("select action from audit_log where entity like 'par%' order by id")) as { action: string }[]).map(
      (a) => a.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        'par.create',
        'par.self_assess',
        'par.submitted',
        'par.appraise',
        'par.survey',
        'par.appraised',
        'par.published',
      ]),
    );
    const change = (await t.query(
      "select before, after from audit_log where action = 'par.appraise' and entity_id = ?",
      `${id}/a3.appraisal`,
    )) as { before: string; after: string }[];
    expect(JSON.parse(change.at(-1)!.after)).toMatchObject({
      selfPoints: 10,
      appraisedPoints: 7,
      appraisalReason: 'Thiếu minh chứng quyết định công bố TTHC',
    });
  });

  it('corrects a published assessment only as a new version with a reason; the old one stays', async () => {
    const first = await publishedWith(dept.justice, 'staff', (a) => maxOf(a) - 1);
    expect(
      (
        await call('staff', 'POST', '/api/par-assessments', {
          unitId: dept.justice,
          year: 2025,
          definitionId: METHOD,
          correctionReason: 'Sửa điểm lĩnh vực 3',
        })
      ).status,
    ).toBe(422);
    expect((await call('noivu', 'POST', '/api/par-assessments', { unitId: dept.justice, year: 2025, definitionId: METHOD })).status).toBe(
      422,
    );
    const second = await call('noivu', 'POST', '/api/par-assessments', {
      unitId: dept.justice,
      year: 2025,
      definitionId: METHOD,
      correctionReason: 'Bổ sung minh chứng lĩnh vực 3 sau khiếu nại',
    });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ version: 2, state: 'draft', correctionReason: 'Bổ sung minh chứng lĩnh vực 3 sau khiếu nại' });
    const old = await call('leader', 'GET', `/api/par-assessments/${first}`);
    expect(old.body.assessment).toMatchObject({ version: 1, state: 'published' });
    const copied = await call('noivu', 'GET', `/api/par-assessments/${second.body.id}`);
    expect(copied.body.items).toHaveLength(old.body.items.length);
  });

  it('ranks published units within their block, with group and tier', async () => {
    await publishedWith(dept.justice, 'staff', (a) => maxOf(a));
    await publishedWith(dept.home, 'otherStaff', (a) => maxOf(a) - 2);
    const { status, body } = await call('leader', 'GET', `/api/par-results?year=2025&definitionId=${METHOD}`);
    expect(status).toBe(200);
    expect(body).toHaveLength(1);
    expect(body[0].block).toBe('department');
    expect(body[0].units.map((u: { unit: { name: string }; rank: number }) => [u.unit.name, u.rank])).toEqual([
      ['Sở Tư pháp', 1],
      ['Sở Nội vụ', 2],
    ]);
    // Sở Tư pháp: 70 appraised of 100 (no survey yet) = 70% → group C? Hà Nội's own method has no groups.
    expect(body[0].units[0].index).toBeCloseTo(70, 10);
    expect(body[0].units[1].index).toBeCloseTo(54, 10); // 70 − 8 · 2
    expect(body[0].units[0].appraisalPoints).toMatchObject({ value: 70, max: 70 });
    // Another department's staff see only their own.
    const own = await call('otherStaff', 'GET', `/api/par-results?year=2025&definitionId=${METHOD}`);
    expect(own.body[0].units.map((u: { unit: { name: string } }) => u.unit.name)).toEqual(['Sở Nội vụ']);
  });

  it('folds the unit’s SIPAS of the year into its survey points', async () => {
    const admin = await t.addUser('quantri', 'admin', null);
    const wave = await t.app.request('/api/survey-waves', {
      method: 'POST',
      headers: { cookie: admin, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'SIPAS 2025',
        definitionId: 'sipas-qd1001-2023',
        from: '2025-01-01',
        to: '2025-12-31',
        unitIds: [dept.justice],
        populations: { [dept.justice]: 100 },
      }),
    });
    const waveId = ((await wave.json()) as { wave: { id: number } }).wave.id;
    // Four forms answering the policy and service statements: 3 of 4 satisfied → 75% on both sides, SIPAS 75.
    for (let i = 1; i <= 4; i++) {
      await t.app.request(`/api/survey-waves/${waveId}/responses`, {
        method: 'POST',
        headers: { cookie: who.staff, 'content-type': 'application/json' },
        body: JSON.stringify({
          code: `S${waveId}-${dept.justice}-000${i}`,
          answers: { 'policy.info.1': i === 4 ? 2 : 5, 'service.staff.1': i === 4 ? 1 : 4 },
        }),
      });
    }
    const id = await publishedWith(dept.justice, 'staff', () => 0);
    const { body } = await call('noivu', 'GET', `/api/par-assessments/${id}`);
    const sipasNode = body.appraised.root.children
      .find((c: { id: string }) => c.id === 'a8')
      .children.find((c: { id: string }) => c.id === 'a8.sipas');
    expect(sipasNode.value).toBeCloseTo(7.5, 10); // 10 points × 75%
    expect(sipasNode.n).toBe(4);
  });

  it('keeps an uploaded evidence file with the item, readable only within the scope', async () => {
    const { body: draft } = await call('staff', 'POST', '/api/par-assessments', { unitId: dept.justice, year: 2025, definitionId: METHOD });
    const upload = async (as: keyof typeof who, name: string, type: string) => {
      const form = new FormData();
      form.append('file', new File([new TextEncoder().encode('%PDF-1.4 quyết định số 12/QĐ-STP')], name, { type }));
      const res = await t.app.request(`/api/par-assessments/${draft.id}/items/a1.appraisal/evidence`, {
        method: 'POST',
        headers: { cookie: who[as] },
        body: form,
      });
      return { status: res.status, body: await res.json() };
    };
    expect((await upload('staff', 'script.exe', 'application/x-msdownload')).status).toBe(422);
    expect((await upload('leader', 'qd.pdf', 'application/pdf')).status).toBe(403);
    const { status, body } = await upload('staff', 'Quyết định 12.pdf', 'application/pdf');
    expect(status).toBe(201);
    expect(body).toMatchObject({ file: 'Quyết định 12.pdf', fileId: expect.stringMatching(/^[0-9a-f]{64}\.pdf$/) });
    const item = (await call('staff', 'GET', `/api/par-assessments/${draft.id}`)).body.items.find(
      (i: { nodeId: string }) => i.nodeId === 'a1.appraisal',
    );
    expect(item.evidence.fileId).toBe(body.fileId);
    // Saving the item's score afterwards, with typed evidence or none, keeps the uploaded file.
    for (const evidence of [{ document: '12/QĐ-STP', date: '2025-03-01' }, undefined]) {
      expect((await call('staff', 'PUT', `/api/par-assessments/${draft.id}/items/a1.appraisal`, { points: 5, evidence })).status).toBe(204);
      const saved = (await call('staff', 'GET', `/api/par-assessments/${draft.id}`)).body.items.find(
        (i: { nodeId: string }) => i.nodeId === 'a1.appraisal',
      );
      expect(saved.evidence).toMatchObject({ ...evidence, file: 'Quyết định 12.pdf', fileId: body.fileId });
    }
    const file = await t.app.request(`/api/par-assessments/${draft.id}/evidence/${body.fileId}`, { headers: { cookie: who.noivu } });
    expect(file.status).toBe(200);
    expect(await file.text()).toContain('quyết định số 12');
    expect(
      (await t.app.request(`/api/par-assessments/${draft.id}/evidence/${body.fileId}`, { headers: { cookie: who.otherStaff } })).status,
    ).toBe(404);
    expect(
      (await t.app.request(`/api/par-assessments/${draft.id}/evidence/..%2F..%2Ftest.sqlite`, { headers: { cookie: who.noivu } })).status,
    ).toBe(404);
  });

  it('fills survey-scored items from the year’s survey wave of the method, without anyone typing counts', async () => {
    const admin = await t.addUser('quantri.par', 'admin', null);
    const created = await t.app.request('/api/survey-waves', {
      method: 'POST',
      headers: { cookie: admin, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Điều tra xã hội học CCHC 2025',
        definitionId: METHOD,
        from: '2025-01-01',
        to: '2025-12-31',
        unitIds: [dept.justice],
        populations: { [dept.justice]: 10 },
      }),
    });
    expect(created.status).toBe(201);
    const waveId = ((await created.json()) as { wave: { id: number } }).wave.id;
    const forms: Record<string, string>[] = [
      { 'a1.survey': 'A', 'a3.survey': 'B' },
      { 'a1.survey': 'C', 'a3.survey': 'E' },
    ];
    for (const [i, answers] of forms.entries()) {
      const res = await t.app.request(`/api/survey-waves/${waveId}/responses`, {
        method: 'POST',
        headers: { cookie: who.staff, 'content-type': 'application/json' },
        body: JSON.stringify({ code: `S${waveId}-${dept.justice}-000${i + 1}`, answers }),
      });
      expect(res.status).toBe(200);
    }
    const bad = await t.app.request(`/api/survey-waves/${waveId}/responses`, {
      method: 'POST',
      headers: { cookie: who.staff, 'content-type': 'application/json' },
      body: JSON.stringify({ code: `S${waveId}-${dept.justice}-0003`, answers: { 'a1.survey': 'F' } }),
    });
    expect(bad.status).toBe(422);
    const id = await publishedWith(dept.justice, 'staff', () => 0);
    const { body } = await call('noivu', 'GET', `/api/par-assessments/${id}`);
    const survey = (area: string) =>
      body.appraised.root.children
        .find((c: { id: string }) => c.id === area)
        .children.find((c: { id: string }) => c.id === `${area}.survey`);
    expect(survey('a1').value).toBeCloseTo((2 + 0.4) / 2, 10); // A = 2 of 2, C = 20% of 2
    expect(survey('a3').value).toBeCloseTo(1.8, 10); // B = 60% of 3; E (no opinion) leaves the base
    expect(survey('a3').n).toBe(1);
  });

  it('lists the assessments of the caller’s units, every version, with the index as self-assessed and once appraised', async () => {
    const published = await publishedWith(dept.justice, 'staff', (a) => maxOf(a) - 1);
    const { body: correction } = await call('noivu', 'POST', '/api/par-assessments', {
      unitId: dept.justice,
      year: 2025,
      definitionId: METHOD,
      correctionReason: 'Sửa điểm lĩnh vực 3 theo kết luận thanh tra',
    });
    const { body: other } = await call('otherStaff', 'POST', '/api/par-assessments', {
      unitId: dept.home,
      year: 2026,
      definitionId: METHOD,
    });
    await call('otherStaff', 'PUT', `/api/par-assessments/${other.id}/items/a1.appraisal`, { points: 4 });

    type Row = {
      id: number;
      unit: { name: string };
      year: number;
      version: number;
      state: string;
      selfIndex: number | null;
      appraisedIndex: number | null;
    };
    const list = async (as: keyof typeof who, query = '') => {
      const res = await call(as, 'GET', `/api/par-assessments${query}`);
      expect(res.status).toBe(200);
      return res.body as Row[];
    };
    const all = await list('noivu');
    // Newest year first, then units in Vietnamese order, then the newest version first.
    expect(all.map((r) => [r.unit.name, r.year, r.version, r.state])).toEqual([
      ['Sở Nội vụ', 2026, 1, 'draft'],
      ['Sở Tư pháp', 2025, 2, 'draft'],
      ['Sở Tư pháp', 2025, 1, 'published'],
    ]);
    const view = (await call('noivu', 'GET', `/api/par-assessments/${published}`)).body;
    const first = all.find((r) => r.id === published)!;
    expect(first.selfIndex).toBe(view.self.headline.published);
    expect(first.appraisedIndex).toBe(view.appraised.headline.published);
    expect(all.find((r) => r.id === correction.id)!.appraisedIndex).toBeNull();
    expect(all[0]!.selfIndex).toBeGreaterThan(0);

    expect((await list('staff')).map((r) => r.id).sort()).toEqual([published, correction.id].sort());
    expect((await list('otherStaff')).map((r) => r.id)).toEqual([other.id]);
    expect((await list('leader')).length).toBe(3);
    expect((await list('noivu', '?state=published')).map((r) => r.id)).toEqual([published]);
    expect((await list('noivu', `?year=2026&unit=${dept.home}`)).map((r) => r.id)).toEqual([other.id]);
    const bad = await call('noivu', 'GET', '/api/par-assessments?state=finished&year=1999');
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['state', 'year']);
  });
});
