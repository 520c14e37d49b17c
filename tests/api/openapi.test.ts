import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { openPlaces, type Schema } from '../helpers/openapi.js';

let t: TestApp;
let doc: { openapi: string; paths: Record<string, Record<string, Schema>>; components: { schemas: Record<string, Schema> } };
beforeAll(async () => {
  t = await makeTestApp();
  const res = await t.app.request('/api/openapi.json');
  expect(res.status).toBe(200);
  doc = await res.json();
});
afterAll(() => t.close());
const resolve = (ref: string) => doc.components.schemas[ref.replace('#/components/schemas/', '')] as Schema;

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and describes the capture API', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/ratings', '/api/transactions/{id}/rating-token', '/api/units/{id}/ratings/summary', '/api/health']),
    );
    const post = doc.paths['/api/ratings']?.post as { parameters: { name: string }[] };
    expect(post.parameters.map((p) => p.name)).toContain('idempotency-key');
    expect(((doc.components.schemas.RatingInput as Schema).properties as Schema).level).toMatchObject({ minimum: 1, maximum: 5 });
  });

  it('describes every JSON body an operation answers, field by field', () => {
    const open: string[] = [];
    let bodies = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, response] of Object.entries((operation.responses ?? {}) as Record<string, Schema>)) {
          const json = (response.content as Record<string, { schema: Schema }> | undefined)?.['application/json'];
          if (!json) continue;
          bodies++;
          for (const place of openPlaces(json.schema, resolve)) open.push(`${method.toUpperCase()} ${path} ${status}: ${place}`);
        }
      }
    }
    expect(bodies).toBeGreaterThan(100);
    expect(open).toEqual([]);
  });

  it('calls an undescribed body open, and a map of described values closed', () => {
    const none = () => ({});
    expect(openPlaces({ type: 'object', propertyNames: { type: 'string' }, additionalProperties: {} }, none)).toEqual(['$' + '{…}']);
    expect(openPlaces({ type: 'array', items: {} }, none)).toEqual(['$[]']);
    expect(openPlaces({ type: 'object' }, none)).toEqual(['$']);
    expect(openPlaces({ type: 'object', additionalProperties: { type: 'number' } }, none)).toEqual([]);
    expect(openPlaces({ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, none)).toEqual([]);
    expect(openPlaces({ allOf: [{ $ref: '#/components/schemas/A' }, { description: 'the A' }] }, () => ({ type: 'string' }))).toEqual([]);
    expect(openPlaces({ anyOf: [{ type: 'string' }, {}] }, none)).toEqual(['$|1']);
  });
});
