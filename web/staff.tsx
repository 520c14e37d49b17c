import { and, eq, sql } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { type Definition, getDefinition } from '../engine/index.js';
import { LEVEL_LABELS } from '../engine/scale.js';
import { inScope, scopeOf } from '../api/auth/scope.js';
import { sessionUser } from '../api/auth/session.js';
import type { AppDeps, AppEnv } from '../api/context.js';
import { surveyRespondents, surveyWaveUnits, surveyWaves, units } from '../api/db/schema.js';
import { type Lang, TEXT, langOf } from './i18n.js';
import { Layout, PageHead } from './layout.js';
import { QuestionnaireForm, questionnaire } from './questionnaire.js';

const percent = (x: number | null, lang: Lang) =>
  x === null ? '–' : `${(100 * x).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 })}%`;

export function staffRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  /** The signed-in user, or a redirect to the sign-in page that comes back here. */
  const signedIn = async (c: Context<AppEnv>) => {
    const user = await sessionUser(c, deps);
    return user ? { user, scope: await scopeOf(deps, user) } : null;
  };
  const toLogin = (c: Context<AppEnv>) => c.redirect(`/login?next=${encodeURIComponent(new URL(c.req.url).pathname + new URL(c.req.url).search)}`);

  app.get('/login', (c) => {
    const lang = langOf(c.req.query('lang'));
    return c.html(
      <Layout lang={lang} title={TEXT.signIn[lang]} bodyClass="page" scripts={['/public/login.js']}>
        <main class="narrow">
          <PageHead lang={lang} />
          <h1>{TEXT.signIn[lang]}</h1>
          <form id="login" class="stack">
            <label>
              {TEXT.username[lang]}
              <input name="username" autocomplete="username" required />
            </label>
            <label>
              {TEXT.password[lang]}
              <input name="password" type="password" autocomplete="current-password" required />
            </label>
            <p id="login-error" class="error" role="alert" hidden></p>
            <button type="submit" class="primary">
              {TEXT.signIn[lang]}
            </button>
          </form>
        </main>
      </Layout>,
    );
  });

  app.get('/staff', async (c) => {
    const session = await signedIn(c);
    if (!session) return toLogin(c);
    const lang = langOf(c.req.query('lang'));
    const waves = await deps.store.db.select().from(surveyWaves).orderBy(sql`${surveyWaves.id} desc`).all();
    const perWave = await Promise.all(waves.map(async (wave) =>
      (await deps.store.db
        .select({
          unitId: surveyWaveUnits.unitId,
          name: units.name,
          planned: surveyWaveUnits.planned,
          completed: sql<number>`(select count(*) from ${surveyRespondents} r where r.wave_id = ${wave.id} and r.unit_id = ${surveyWaveUnits.unitId} and r.status = 'completed')`,
        })
        .from(surveyWaveUnits)
        .innerJoin(units, eq(units.id, surveyWaveUnits.unitId))
        .where(eq(surveyWaveUnits.waveId, wave.id))
        .all())
        .filter((u) => inScope(session.scope, u.unitId))
        .map((u) => ({ wave, ...u })),
    ));
    const rows = perWave.flat();
    return c.html(
      <Layout lang={lang} title={TEXT.staffHome[lang]} bodyClass="page">
        <main>
          <PageHead lang={lang} user={session.user.displayName} />
          <nav class="staff-nav">
            <a href={`/staff/dashboard${lang === 'en' ? '?lang=en' : ''}`}>{TEXT.dashboard[lang]}</a>
            <a href={`/staff/ranking${lang === 'en' ? '?lang=en' : ''}`}>{TEXT.ranking[lang]}</a>
            <a href={`/staff/compare${lang === 'en' ? '?lang=en' : ''}`}>{TEXT.compare[lang]}</a>
            <a href={`/staff/alerts${lang === 'en' ? '?lang=en' : ''}`}>{TEXT.alerts[lang]}</a>
          </nav>
          <h1>{TEXT.surveyWaves[lang]}</h1>
          {rows.length === 0 ? (
            <p>{TEXT.noWaves[lang]}</p>
          ) : (
            <table class="data">
              <thead>
                <tr>
                  <th>{TEXT.surveyWaves[lang]}</th>
                  <th>{TEXT.unit[lang]}</th>
                  <th class="num">{TEXT.planned[lang]}</th>
                  <th class="num">{TEXT.completed[lang]}</th>
                  <th class="num">{TEXT.responseRate[lang]}</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr>
                    <td>{r.wave.name}</td>
                    <td>{r.name}</td>
                    <td class="num">{r.planned.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')}</td>
                    <td class="num">{Number(r.completed).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')}</td>
                    <td class="num">{percent(r.planned ? Number(r.completed) / r.planned : null, lang)}</td>
                    <td>
                      <a href={`/staff/surveys/${r.wave.id}/entry?unit=${r.unitId}${lang === 'en' ? '&lang=en' : ''}`}>{TEXT.enterForms[lang]}</a>
                      {' · '}
                      <a href={`/staff/surveys/${r.wave.id}/tablet${lang === 'en' ? '?lang=en' : ''}`}>{TEXT.selfCompletion[lang]}</a>
                      {' · '}
                      <a href={`/api/survey-waves/${r.wave.id}/forms.pdf?unit=${r.unitId}`}>PDF</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </main>
      </Layout>,
    );
  });

  app.get('/staff/surveys/:waveId/entry', async (c) => {
    const session = await signedIn(c);
    if (!session) return toLogin(c);
    const lang = langOf(c.req.query('lang'));
    const waveId = Number(c.req.param('waveId'));
    const unitId = Number(c.req.query('unit'));
    const wave = Number.isInteger(waveId) ? await deps.store.db.select().from(surveyWaves).where(eq(surveyWaves.id, waveId)).get() : undefined;
    const plan = wave && Number.isInteger(unitId) ? await deps.store.db.select().from(surveyWaveUnits).where(and(eq(surveyWaveUnits.waveId, wave.id), eq(surveyWaveUnits.unitId, unitId))).get() : undefined;
    if (!wave || !plan || !inScope(session.scope, unitId)) return c.notFound();
    const unit = await deps.store.db.select({ name: units.name }).from(units).where(eq(units.id, unitId)).get();
    const completed = await deps.store.db
      .select({ n: sql<number>`count(*)` })
      .from(surveyRespondents)
      .where(and(eq(surveyRespondents.waveId, wave.id), eq(surveyRespondents.unitId, unitId), eq(surveyRespondents.status, 'completed')))
      .get();
    const rows = questionnaire(getDefinition(wave.definitionId) as Definition, lang);
    let section = '';
    return c.html(
      <Layout lang={lang} title={TEXT.entryTitle[lang]} bodyClass="page entry-page" scripts={['/public/entry.js']}>
        <main id="entry" data-wave={String(wave.id)} data-lang={lang}>
          <PageHead lang={lang} user={session.user.displayName} />
          <h1>
            {TEXT.entryTitle[lang]}: {wave.name}
          </h1>
          <p class="entry-count">
            {unit?.name} · <b id="count">{Number(completed?.n ?? 0)}</b> / {plan.planned} {TEXT.formsOfPlan[lang]}
          </p>
          <p class="hint">{TEXT.entryHelp[lang]}</p>
          <p id="entry-result" role="status" aria-live="polite"></p>
          <form id="entry-form" autocomplete="off">
            <label class="code">
              {TEXT.formCode[lang]}
              <input id="code" required autofocus />
            </label>
            <table class="entry-grid">
              <tbody>
                {rows.map((row, i) => {
                  const head = row.section !== section ? (section = row.section) : null;
                  const hint =
                    row.kind === 'level'
                      ? `1 ${LEVEL_LABELS[1][lang]} … 5 ${LEVEL_LABELS[5][lang]}`
                      : row.options?.map((o, k) => `${k + 1} ${o}`).join(' · ');
                  return (
                    <>
                      {head && row.statement ? (
                        <tr class="section">
                          <th colspan={3}>{head}</th>
                        </tr>
                      ) : null}
                      <tr>
                        <td class="n">{i + 1}</td>
                        <td>
                          <label for={`q-${row.id}`}>{row.label}</label>
                          {row.kind !== 'level' ? <div class="hint">{hint}</div> : null}
                        </td>
                        <td>
                          <input
                            id={`q-${row.id}`}
                            class="answer"
                            data-item={row.id}
                            data-kind={row.kind}
                            data-max={String(row.kind === 'level' ? 5 : (row.options?.length ?? 0))}
                            data-codes={row.codes?.join(',')}
                            inputmode="numeric"
                            maxlength={row.kind === 'options' ? 30 : 2}
                            title={hint}
                          />
                        </td>
                      </tr>
                    </>
                  );
                })}
              </tbody>
            </table>
            <button type="submit" class="primary">
              {TEXT.save[lang]}
            </button>
          </form>
          <template id="msg-saved">{TEXT.savedForm[lang]}</template>
          <template id="msg-awaiting">{TEXT.awaitingSecond[lang]}</template>
          <template id="msg-differ">{TEXT.entriesDiffer[lang]}</template>
        </main>
      </Layout>,
    );
  });
  /** A form a respondent completes on the office tablet, after staff have entered its code. */
  app.get('/staff/surveys/:waveId/tablet', async (c) => {
    const session = await signedIn(c);
    if (!session) return toLogin(c);
    const lang = langOf(c.req.query('lang'));
    const wave = await deps.store.db.select().from(surveyWaves).where(eq(surveyWaves.id, Number(c.req.param('waveId')))).get();
    if (!wave) return c.notFound();
    return c.html(
      <Layout lang={lang} title={TEXT.selfCompletion[lang]} bodyClass="page tablet" scripts={['/public/tablet.js']}>
        <main id="tablet" data-wave={String(wave.id)} data-lang={lang}>
          <PageHead lang={lang} user={session.user.displayName} />
          <section id="tablet-start">
            <h1>{TEXT.selfCompletion[lang]}</h1>
            <p>{TEXT.selfStart[lang]}</p>
            <label class="code">
              {TEXT.formCode[lang]}
              <input id="tablet-code" autocomplete="off" />
            </label>
            <button type="button" id="tablet-begin" class="primary">
              {TEXT.start[lang]}
            </button>
          </section>
          <QuestionnaireForm definition={getDefinition(wave.definitionId) as Definition} title={wave.name} lang={lang} />
          <section id="tablet-thanks" hidden>
            <h1>{TEXT.surveyThanks[lang]}</h1>
            <button type="button" id="tablet-next" class="primary">
              {TEXT.next[lang]}
            </button>
          </section>
        </main>
      </Layout>,
    );
  });
  return app;
}
