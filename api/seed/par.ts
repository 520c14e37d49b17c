import { eq } from 'drizzle-orm';
import { type Definition, getDefinition, type Random } from '../../engine/index.js';
import { parAssessments, parItems, users } from '../platform/db/schema.js';
import type { Db } from '../platform/db/store.js';
import type { USER_ROLES } from '../platform/vocabulary.js';

const DAY = 86_400_000;
const METHOD = 'par-hanoi-departments-2024';
/** Stored in place of a password hash: no password opens these accounts until an admin sets one. */
const NO_PASSWORD = '!demo-account-without-password';

/** Where each current department's assessment of the year stands, so the PAR pages show every state. */
const PLAN = [
  { unit: 'stp', state: 'published' },
  { unit: 'stc', state: 'published' },
  { unit: 'snv', state: 'published' },
  { unit: 'sxd', state: 'appraised' },
  { unit: 'snnmt', state: 'submitted' },
] as const;

type Leaf = { id: string; rule: string; max: number };
function leavesOf(definition: Definition): Leaf[] {
  const out: Leaf[] = [];
  const walk = (n: Definition['root']) => ('children' in n ? n.children.forEach(walk) : out.push(n as Leaf));
  walk(definition.root);
  return out;
}

/** A demo account (signed-in use needs an admin to set its password), bound to its unit again on a re-seed. */
async function demoAccount(tx: Db, username: string, displayName: string, role: (typeof USER_ROLES)[number], unitId: number, at: number) {
  const found = await tx.select({ id: users.id }).from(users).where(eq(users.username, username)).get();
  if (found) {
    await tx.update(users).set({ unitId }).where(eq(users.id, found.id)).run();
    return found.id;
  }
  const row = await tx
    .insert(users)
    .values({ username, displayName, passwordHash: NO_PASSWORD, role, unitId, createdAt: new Date(at) })
    .returning({ id: users.id })
    .get();
  return row.id;
}

const quarter = (x: number) => Math.round(x * 4) / 4;

/**
 * The departments' PAR self-assessments of `year` by Hà Nội's method, in every state of the
 * workflow (published, appraised, submitted), and the next year's draft of one department, half
 * filled in: scored with evidence, appraised with a reason where a score was lowered, survey answers
 * entered by Home Affairs.
 */
export async function seedPar(tx: Db, rnd: Random, unitIds: Map<string, number>, names: Map<string, string>, year: number) {
  const definition = getDefinition(METHOD);
  if (!definition) throw new Error(`${METHOD} is missing`);
  const leaves = leavesOf(definition);
  const start = Date.UTC(year + 1, 0, 5, 2);
  const homeAffairs = await demoAccount(tx, 'demo.noivu', 'Cán bộ Sở Nội vụ (mẫu)', 'home_affairs', unitIds.get('hn') as number, start);
  let count = 0;
  for (const [k, plan] of PLAN.entries()) {
    const unitId = unitIds.get(plan.unit) as number;
    const author = await demoAccount(tx, `demo.${plan.unit}`, `Cán bộ ${names.get(plan.unit)} (mẫu)`, 'unit_staff', unitId, start);
    const createdAt = start + k * DAY;
    const reached = ['submitted', 'appraised', 'published'].indexOf(plan.state);
    const stamp = (step: number, by: number) => (reached >= step ? { by, at: new Date(createdAt + (step + 1) * 12 * DAY) } : null);
    const submitted = stamp(0, author);
    const appraised = stamp(1, homeAffairs);
    const published = stamp(2, homeAffairs);
    const assessment = await tx
      .insert(parAssessments)
      .values({
        unitId,
        year,
        definitionId: METHOD,
        version: 1,
        state: plan.state,
        createdBy: author,
        createdAt: new Date(createdAt),
        submittedBy: submitted?.by,
        submittedAt: submitted?.at,
        appraisedBy: appraised?.by,
        appraisedAt: appraised?.at,
        publishedBy: published?.by,
        publishedAt: published?.at,
      })
      .returning({ id: parAssessments.id })
      .get();
    count += 1;
    const quality = 0.78 + rnd.next() * 0.18;
    for (const [i, leaf] of leaves.entries()) {
      if (leaf.rule === 'points') {
        const self = quarter(Math.min(leaf.max, leaf.max * (quality + (rnd.next() - 0.5) * 0.12)));
        const lowered = reached >= 1 && rnd.chance(0.3);
        await tx
          .insert(parItems)
          .values({
            assessmentId: assessment.id,
            nodeId: leaf.id,
            selfPoints: self,
            evidence: { document: `${12 + i}/BC-${plan.unit.toUpperCase()}`, date: `${year}-12-${String(10 + i).padStart(2, '0')}` },
            ...(reached >= 1
              ? {
                  appraisedPoints: lowered ? Math.max(0, self - 0.5) : self,
                  appraisalReason: lowered ? 'Minh chứng chưa đầy đủ, thiếu báo cáo quý IV' : null,
                  appraisedBy: homeAffairs,
                }
              : {}),
          })
          .run();
      } else if (leaf.rule === 'points_table') {
        const n = 120 + rnd.int(0, 60);
        const a = Math.round(n * (quality - 0.15 + rnd.next() * 0.1));
        const b = Math.round((n - a) * 0.6);
        const c = Math.round((n - a - b) * 0.6);
        await tx
          .insert(parItems)
          .values({ assessmentId: assessment.id, nodeId: leaf.id, surveyCounts: { A: a, B: b, C: c, D: n - a - b - c, E: rnd.int(0, 8) } })
          .run();
      } else if (leaf.rule === 'adjustment' && reached >= 1 && k === 0) {
        await tx
          .insert(parItems)
          .values({
            assessmentId: assessment.id,
            nodeId: leaf.id,
            appraisedPoints: 1,
            appraisalReason: 'Sáng kiến số hóa hồ sơ được Bộ Nội vụ ghi nhận',
            appraisedBy: homeAffairs,
          })
          .run();
      }
    }
  }
  // Next year's self-assessment of the first department, under way: its first areas scored.
  const first = PLAN[0].unit;
  const draft = await tx
    .insert(parAssessments)
    .values({
      unitId: unitIds.get(first) as number,
      year: year + 1,
      definitionId: METHOD,
      version: 1,
      state: 'draft',
      createdBy: await demoAccount(
        tx,
        `demo.${first}`,
        `Cán bộ ${names.get(first)} (mẫu)`,
        'unit_staff',
        unitIds.get(first) as number,
        start,
      ),
      createdAt: new Date(start + 300 * DAY),
    })
    .returning({ id: parAssessments.id })
    .get();
  for (const leaf of leaves.filter((l) => l.rule === 'points').slice(0, 3)) {
    await tx
      .insert(parItems)
      .values({ assessmentId: draft.id, nodeId: leaf.id, selfPoints: quarter(leaf.max * 0.9), evidence: { document: 'Dự thảo báo cáo' } })
      .run();
  }
  return count + 1;
}
