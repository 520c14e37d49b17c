import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transactions, units } from '../../../api/platform/db/schema.js';
import { compute, computeDesign, getDefinition, type Respondent, sampleSize } from '../../../engine/index.js';
import { makeTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let staff: string;
let admin: string;
beforeEach(async () => {
  t = await makeTestApp();
  staff = await t.addStaff('canbo.mot');
  admin = await t.addUser('quantri', 'admin', null);
  // 1,000 dossiers of the ward resolved in September 2025.
  const procedureId = t.dossiers[0]!.procedureId;
  const at = Date.parse('2025-09-10T02:00:00Z');
  for (let i = 0; i < 1000; i++) {
    await t.deps.store.db
      .insert(transactions)
      .values({
        receiptCode: `S-${i}`,
        unitId: t.ward.id,
        procedureId,
        channel: 'counter',
        receivedAt: new Date(at),
        dueAt: new Date(at + 86_400_000),
        resolvedAt: new Date(at + 3_600_000),
      })
      .run();
  }
});
afterEach(() => t.close());

const post = (cookie: string, path: string, body: unknown) =>
  t.app.request(path, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const createWave = async (extra: object = {}) => {
  const res = await post(admin, '/api/survey-waves', {
    name: 'SIPAS phường Ba Đình 2025',
    definitionId: 'sipas-qd1001-2023',
    from: '2025-09-01',
    to: '2025-09-30',
    unitIds: [t.ward.id],
    seed: 42,
    ...extra,
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { wave: { id: number }; plan: { population: number; planned: number; reserve: number }[] };
};
const drawn = async (waveId: number) =>
  (await t.query('select code, transaction_id as tx, reserve from survey_respondents where wave_id = ? order by id', waveId)) as {
    code: string;
    tx: number;
    reserve: number;
  }[];

describe('survey waves', () => {
  it('sizes each unit’s sample by the formula and draws it reproducibly from completed dossiers', async () => {
    const { wave, plan } = await createWave();
    const expected = sampleSize({ margin: 0.05, confidence: 0.95, expectedShare: 0.5, population: 1000 });
    expect(plan).toEqual([{ unitId: t.ward.id, population: 1000, planned: expected, reserve: Math.ceil(expected * 0.3) }]);
    const forms = await drawn(wave.id);
    expect(forms).toHaveLength(278 + 84);
    expect(forms.filter((f) => f.reserve)).toHaveLength(84);
    expect(new Set(forms.map((f) => f.tx)).size).toBe(forms.length); // no dossier drawn twice
    expect(forms[0]!.code).toBe(`S${wave.id}-${t.ward.id}-0001`);

    const again = await createWave();
    expect((await drawn(again.wave.id)).map((f) => f.tx)).toEqual(forms.map((f) => f.tx));
    const other = await createWave({ seed: 43 });
    expect((await drawn(other.wave.id)).map((f) => f.tx)).not.toEqual(forms.map((f) => f.tx));
  });

  it('sizes a sample drawn by village with the design effect expected, and keeps it with the wave', async () => {
    const { wave, plan } = await createWave({ populations: { [t.ward.id]: 5000 }, designEffect: 2 });
    expect(plan[0]!.planned).toBe(sampleSize({ margin: 0.05, confidence: 0.95, expectedShare: 0.5, population: 5000, designEffect: 2 }));
    expect(plan[0]!.planned).toBe(667);
    expect(await t.query('select design_effect from survey_waves where id = ?', wave.id)).toEqual([{ design_effect: 2 }]);
    const refused = await post(admin, '/api/survey-waves', {
      name: 'x',
      definitionId: 'sipas-qd1001-2023',
      from: '2025-09-01',
      to: '2025-09-30',
      unitIds: [t.ward.id],
      designEffect: 0.5,
    });
    expect(refused.status).toBe(422);
  });

  it('sizes a household survey from the population given, without dossiers', async () => {
    const { wave, plan } = await createWave({ populations: { [t.ward.id]: 5000 }, marginOfError: 0.04 });
    expect(plan[0]).toMatchObject({
      population: 5000,
      planned: sampleSize({ margin: 0.04, confidence: 0.95, expectedShare: 0.5, population: 5000 }),
    });
    expect((await drawn(wave.id)).every((f) => f.tx === null)).toBe(true);
  });

  it('computes SIPAS from entered forms, equal to the engine on the same counts, with the response rate beside it', async () => {
    const { wave } = await createWave();
    const codes = (await drawn(wave.id)).map((f) => f.code);
    // Three forms: service statements answered, one "no answer" (0), and an expectation chosen.
    const forms = [
      { 'policy.info.1': 4, 'service.staff.1': 5, 'service.staff.2': 2, expectations: ['1', '5'] },
      { 'policy.info.1': 2, 'service.staff.1': 4, 'service.staff.2': 0, expectations: ['1'] },
      { 'policy.info.1': 5, 'service.staff.1': 3, 'service.staff.2': 5 },
    ];
    for (const [i, answers] of forms.entries()) {
      const res = await post(staff, `/api/survey-waves/${wave.id}/responses`, { code: codes[i], answers });
      expect(await res.json()).toMatchObject({ status: 'completed' });
    }
    expect((await post(staff, `/api/survey-waves/${wave.id}/responses`, { code: codes[0], answers: {} })).status).toBe(409);

    const res = await t.app.request(`/api/indices?definition=sipas-qd1001-2023&unit=${t.ward.id}&from=2025-01-01&to=2025-12-31`, {
      headers: { cookie: staff },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    const expected = compute(getDefinition('sipas-qd1001-2023')!, {
      'policy.info.1': { counts: { '4': 1, '2': 1, '5': 1 } },
      'service.staff.1': { counts: { '5': 1, '4': 1, '3': 1 } },
      'service.staff.2': { counts: { '2': 1, '5': 1 } },
    });
    expect(body.value).toBeCloseTo(expected.headline.value as number, 12);
    expect(body.survey).toEqual({ planned: 278, completed: 3, responseRate: 3 / 278 });
    const expectations = body.computations[0].reported.find((r: { id: string }) => r.id === 'expectations');
    expect(expectations.respondents).toBe(3);
    expect(expectations.options.find((o: { code: string }) => o.code === '1').count).toBe(2);
  });

  it('with double entry, completes a form only when two people agree, and lets Home Affairs reconcile', async () => {
    const { wave } = await createWave({ doubleEntry: true });
    const second = await t.addUser('canbo.hai', 'unit_staff', t.ward.id);
    const noivu = await t.addUser('noivu', 'home_affairs', t.ward.id);
    const [first, other] = (await drawn(wave.id)).map((f) => f.code) as [string, string];
    const enter = async (cookie: string, code: string, answers: object, reconcile = false) => {
      const r = await post(cookie, `/api/survey-waves/${wave.id}/responses`, { code, answers, reconcile });
      return { status: r.status, body: await r.json() };
    };

    expect((await enter(staff, first, { 'service.staff.1': 5, 'service.staff.2': 4 })).body.status).toBe('awaiting_second_entry');
    expect((await enter(staff, first, { 'service.staff.1': 5, 'service.staff.2': 4 })).status).toBe(409); // the same person
    expect((await enter(second, first, { 'service.staff.1': 5, 'service.staff.2': 4 })).body.status).toBe('completed');

    await enter(staff, other, { 'service.staff.1': 5, 'service.staff.2': 4 });
    const differ = await enter(second, other, { 'service.staff.1': 5, 'service.staff.2': 3 });
    expect(differ.body).toMatchObject({ status: 'entries_differ', differences: ['service.staff.2'] });
    expect((await enter(second, other, {}, true)).status).toBe(403); // unit staff may not reconcile
    expect((await enter(noivu, other, { 'service.staff.1': 5, 'service.staff.2': 4 }, true)).body.status).toBe('completed');
    const answers = await t.query(
      'select item, answer from survey_answers a join survey_respondents r on r.id = a.respondent_id where r.code = ? order by item',
      other,
    );
    expect(answers).toEqual([
      { item: 'service.staff.1', answer: '5' },
      { item: 'service.staff.2', answer: '4' },
    ]);
  });

  it('names bad answers and stores nothing', async () => {
    const { wave } = await createWave();
    const code = (await drawn(wave.id))[0]!.code;
    for (const [answers, field] of [
      [{ 'service.staff.1': 6 }, 'answers.service.staff.1'],
      [{ 'no.such.item': 3 }, 'answers.no.such.item'],
      [{ 'perception.harassment': ['none', 'many'] }, 'answers.perception.harassment'],
      [{ expectations: ['11'] }, 'answers.expectations'],
    ] as const) {
      const res = await post(staff, `/api/survey-waves/${wave.id}/responses`, { code, answers });
      expect(res.status).toBe(422);
      expect((await res.json()).error.fields[0].field).toBe(field);
    }
    expect(await t.count('survey_entries')).toBe(0);
    expect((await post(staff, `/api/survey-waves/${wave.id}/responses`, { code: 'S9-9-9999', answers: {} })).status).toBe(422);
  });

  it('fields the 2024 questionnaire: an element’s overall question is asked, stored and shown beside its contents', async () => {
    const { wave } = await createWave({ definitionId: 'sipas-qd1001-2024' });
    const [code] = (await drawn(wave.id)).map((f) => f.code) as [string];
    const answers = { 'service.access.2': 5, 'service.access.overall': 2 };
    expect((await post(staff, `/api/survey-waves/${wave.id}/responses`, { code, answers })).status).toBe(200);
    const body = await (
      await t.app.request(`/api/indices?definition=sipas-qd1001-2024&unit=${t.ward.id}&from=2025-01-01&to=2025-12-31`, {
        headers: { cookie: staff },
      })
    ).json();
    const access = body.computations[0].root.children[1].children[0];
    expect(access.value).toBe(100); // the contents: seats and desks, satisfied
    expect(access.children[1]).toMatchObject({ id: 'service.access.overall', value: 0, n: 1 });
  });

  it('completes forms from a file keyed by question number, all or none, and not twice', async () => {
    const { wave } = await createWave();
    const [a, b] = (await drawn(wave.id)).map((f) => f.code) as [string, string];
    const upload = async (text: string) => {
      const form = new FormData();
      form.append('file', new File([new TextEncoder().encode(text)], 'phieu.csv'));
      const res = await t.app.request(`/api/survey-waves/${wave.id}/imports`, { method: 'POST', headers: { cookie: staff }, body: form });
      return { status: res.status, body: await res.json() };
    };
    // Question 1 = policy.info.1, 24 = service.staff.1 (4 + 9 + 2 policy, then 4 + 4 service), 35 = channels, 39 = expectations.
    const bad = await upload(`Mã phiếu,Câu 1,Câu 24,35,39\n${a},4,7,1 5,1\nS0-0-0000,4,4,,\n${a},4,4,,\n${b},4,4,9,`);
    expect(bad.status).toBe(422);
    expect(bad.body.error.lines.map((l: { line: number; field: string }) => [l.line, l.field])).toEqual([
      [2, 'answers.service.staff.1'],
      [3, 'code'],
      [4, 'code'],
      [5, 'perception.channels'],
    ]);
    expect(await t.count('survey_answers')).toBe(0);

    const good = `Mã phiếu,Câu 1,Câu 24,35,39\n${a},4,5,1 5,1\n${b},2,0,,10`;
    expect((await upload(good)).body).toMatchObject({ completed: 2, duplicate: false });
    expect((await upload(good)).body).toMatchObject({ duplicate: true });
    const answers = await t.query(
      'select r.code, a.item, a.answer from survey_answers a join survey_respondents r on r.id = a.respondent_id order by r.code, a.item',
    );
    expect(answers).toEqual([
      { code: a, item: 'expectations:1', answer: '1' },
      { code: a, item: 'perception.channels:loudspeaker', answer: '1' },
      { code: a, item: 'perception.channels:media', answer: '1' },
      { code: a, item: 'policy.info.1', answer: '4' },
      { code: a, item: 'service.staff.1', answer: '5' },
      { code: b, item: 'expectations:10', answer: '1' },
      { code: b, item: 'policy.info.1', answer: '2' },
    ]);
  });

  it('lets a household answer through its own secret link, once', async () => {
    const { wave } = await createWave({ populations: { [t.ward.id]: 2 } });
    const leader = await t.addUser('lanhdao', 'leader', t.ward.id);
    expect((await post(leader, `/api/survey-waves/${wave.id}/links`, { unit: t.ward.id })).status).toBe(403);
    const issued = await post(staff, `/api/survey-waves/${wave.id}/links`, { unit: t.ward.id });
    expect(issued.status).toBe(201);
    const links = (await issued.json()) as { code: string; url: string }[];
    expect(links.map((l) => l.code)).toEqual((await drawn(wave.id)).map((f) => f.code));
    const token = new URL(links[0]!.url).pathname.split('/')[2] as string;
    expect(token.length).toBeGreaterThanOrEqual(22); // 128 random bits
    expect(JSON.stringify(await t.query('select link_hash from survey_respondents'))).not.toContain(token);

    const page = await t.app.request(`/s/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Lịch sự, tôn trọng');
    const answer = (body: object) =>
      t.app.request('/api/survey-self', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await answer({ token, answers: { 'service.staff.1': 9 } })).status).toBe(422);
    const done = await answer({ token, answers: { 'service.staff.1': 5, 'policy.info.1': 4 } });
    expect(await done.json()).toEqual({ code: links[0]!.code, status: 'completed' });
    expect((await answer({ token, answers: { 'service.staff.1': 1 } })).status).toBe(409);
    expect(await (await t.app.request(`/s/${token}`)).text()).toContain('đã được trả lời');
    expect((await answer({ token: 'x'.repeat(22), answers: {} })).status).toBe(404);
    expect((await t.app.request(`/s/${'x'.repeat(22)}`)).status).toBe(404);
    const log = await t.query("select user_id, after from audit_log where action = 'survey_response.complete'");
    expect(log.map((l) => l.user_id)).toEqual([null]); // answered by the household itself
    // The log keeps that the form was completed, never the household's answers beside its code.
    expect(JSON.parse(log[0]!.after as string)).toEqual({ code: links[0]!.code, items: 2 });
  });

  it('closes a wave for Home Affairs over all its units, once, after which no form is entered or checked', async () => {
    const { wave } = await createWave();
    const [first] = await drawn(wave.id);
    const staff = await t.addStaff();
    const other = await t.deps.store.db
      .insert(units)
      .values({ code: '00070', name: 'Phường Hoàn Kiếm', kind: 'ward', parentId: t.ward.parentId, validFrom: '2025-07-01' })
      .returning()
      .get();
    const partial = await t.addUser('noivu.hoankiem', 'home_affairs', other.id);
    const wardOfficer = await t.addUser('noivu.badinh', 'home_affairs', t.ward.id);
    const check = (cookie: string) => t.app.request(`/api/survey-waves/${wave.id}/forms/${first!.code}`, { headers: { cookie } });
    expect((await check(staff)).status).toBe(200);

    expect((await post(staff, `/api/survey-waves/${wave.id}/close`, {})).status).toBe(403);
    expect((await post(partial, `/api/survey-waves/${wave.id}/close`, {})).status).toBe(404); // none of its units
    const closed = await post(wardOfficer, `/api/survey-waves/${wave.id}/close`, {});
    expect(closed.status).toBe(200);
    expect(((await closed.json()) as { status: string }).status).toBe('closed');
    expect((await post(admin, `/api/survey-waves/${wave.id}/close`, {})).status).toBe(409);
    const refused = await check(staff);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('wave_closed');
    const entry = await post(staff, `/api/survey-waves/${wave.id}/responses`, { code: first!.code, answers: {} });
    expect(entry.status).toBe(409);
    expect(await t.query("select action from audit_log where action = 'survey_wave.close'")).toHaveLength(1);
  });
});

describe('intervals by the survey design', () => {
  const sipas = getDefinition('sipas-qd1001-2023')!;
  const index = async () =>
    (await (
      await t.app.request(`/api/indices?definition=sipas-qd1001-2023&unit=${t.ward.id}&from=2025-01-01&to=2025-12-31`, {
        headers: { cookie: staff },
      })
    ).json()) as {
      value: number;
      interval: { lower: number; upper: number };
      computations: { design: Record<string, unknown>; root: { children: unknown[] } }[];
    };

  it('follows the villages a household survey was drawn in, as the file names them', async () => {
    const { wave } = await createWave({ populations: { [t.ward.id]: 5000 } });
    const codes = (await drawn(wave.id)).map((f) => f.code);
    // Six villages of ten households; within a village everyone answers alike (high, low, high, …).
    const rows = codes.slice(0, 60).map((code, i) => {
      const village = Math.floor(i / 10);
      const level = village % 2 === 0 ? 5 : 2;
      return { code, village: `Thôn ${village + 1}`, level };
    });
    const text = `Mã phiếu,Cụm,Câu 1,Câu 24\n${rows.map((r) => `${r.code},${r.village},${r.level},${r.level}`).join('\n')}`;
    const form = new FormData();
    form.append('file', new File([new TextEncoder().encode(text)], 'phieu.csv'));
    const res = await t.app.request(`/api/survey-waves/${wave.id}/imports`, { method: 'POST', headers: { cookie: staff }, body: form });
    expect(res.status).toBe(200);
    expect(await t.query('select count(distinct cluster) as n from survey_respondents where wave_id = ?', wave.id)).toEqual([{ n: 6 }]);

    const body = await index();
    expect(body.computations[0]!.design).toMatchObject({
      respondents: 60,
      strata: 1,
      samplingUnits: 6,
      clustered: true,
      finitePopulation: false,
    });
    const respondents: Respondent[] = rows.map((r) => ({
      stratum: `wave-${wave.id}-unit-${t.ward.id}`,
      cluster: r.village,
      answers: { 'policy.info.1': String(r.level), 'service.staff.1': String(r.level) },
    }));
    const engine = computeDesign(sipas, { respondents });
    expect(body.interval).toEqual(engine.headline.interval);
    // Ten alike answers per village carry one village's information: the design effect is about ten.
    expect(engine.design.deff).toBeGreaterThan(8);
    const alone = computeDesign(sipas, { respondents: respondents.map((r) => ({ ...r, cluster: null })) });
    expect(body.interval.upper - body.interval.lower).toBeGreaterThan(
      2 * (alone.headline.interval!.upper - alone.headline.interval!.lower),
    );
  });

  it('narrows a sample drawn alone by the finite-population correction it was sized with', async () => {
    const { wave } = await createWave(); // 278 of the ward's 1,000 dossiers
    const codes = (await drawn(wave.id)).map((f) => f.code);
    for (const [i, code] of codes.slice(0, 40).entries()) {
      const level = i % 4 === 0 ? 2 : 5;
      const res = await post(staff, `/api/survey-waves/${wave.id}/responses`, { code, answers: { 'service.staff.1': level } });
      expect(res.status).toBe(200);
    }
    const respondents: Respondent[] = codes.slice(0, 40).map((_, i) => ({
      stratum: `wave-${wave.id}-unit-${t.ward.id}`,
      cluster: null,
      answers: { 'service.staff.1': i % 4 === 0 ? '2' : '5' },
    }));
    const body = await index();
    expect(body.computations[0]!.design).toMatchObject({ respondents: 40, samplingUnits: 40, clustered: false, finitePopulation: true });
    const stratum = `wave-${wave.id}-unit-${t.ward.id}`;
    expect(body.interval).toEqual(computeDesign(sipas, { respondents, populations: { [stratum]: 1000 } }).headline.interval);
    expect(body.interval).not.toEqual(computeDesign(sipas, { respondents }).headline.interval);
  });

  it('takes the cluster with a form keyed by hand, and refuses one too long', async () => {
    const { wave } = await createWave();
    const [a, b] = (await drawn(wave.id)).map((f) => f.code) as [string, string];
    const long = await post(staff, `/api/survey-waves/${wave.id}/responses`, { code: a, answers: {}, cluster: 'x'.repeat(65) });
    expect(long.status).toBe(422);
    expect(JSON.stringify(await long.json())).toContain('cluster');
    const ok = await post(staff, `/api/survey-waves/${wave.id}/responses`, { code: b, answers: { 'service.staff.1': 4 }, cluster: 'Tổ 3' });
    expect(ok.status).toBe(200);
    expect(await t.query('select code, cluster, stratum from survey_respondents where cluster is not null')).toEqual([
      { code: b, cluster: 'Tổ 3', stratum: null },
    ]);
  });
});
