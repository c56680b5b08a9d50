import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';
import { ShellTestModule } from './support/shell-test.module';

describe('OpenAPI at /docs', () => {
  let t: TestApp;
  let doc: any;
  beforeAll(async () => {
    t = await startTestApp({ modules: [ShellTestModule] });
    doc = (await t.request('GET', '/docs/json')).body;
  });
  afterAll(async () => t?.close());

  it('lists every route with its method', () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/health', '/metrics', '/test/notes', '/test/notes/{streamId}/context', '/test/echo']),
    );
    expect(doc.paths['/test/notes'].post).toBeDefined();
  });

  it('describes a request body with the zod schema that validates it: required fields, limits, no unknown fields', () => {
    const schema = doc.paths['/test/notes'].post.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(['streamId', 'note']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.note).toEqual({ type: 'string', maxLength: 100 });
    expect(schema.properties.terms.properties.commission.properties.rateBps).toMatchObject({
      type: 'integer',
      minimum: 0,
      maximum: 10000,
    });
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['occurredAt', 'reason']));
  });

  it('describes query parameters from the query schema', () => {
    const parameters = doc.paths['/test/echo'].get.parameters;
    expect(parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'period', in: 'query', required: true }),
        expect.objectContaining({ name: 'minPosition', in: 'query', required: false }),
      ]),
    );
  });

  it('records the roles and the bearer scheme on protected routes, and the command answers', () => {
    const post = doc.paths['/test/notes'].post;
    expect(post['x-roles']).toEqual(['finance']);
    expect(post.security).toEqual([{ bearer: [] }]);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['200', '201', '400', '401', '403', '409', '422']));
    expect(post.responses['201'].content['application/json'].schema.required).toEqual([
      'streamId',
      'revision',
      'position',
      'eventIds',
    ]);
    expect(post.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['Idempotency-Key', 'If-Match', 'X-Correlation-Id']),
    );
  });

  it('serves the UI and its assets', async () => {
    const page = await t.request('GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    for (const asset of ['/docs/swagger-ui.css', '/docs/swagger-ui-bundle.js', '/docs/swagger-ui-init.js']) {
      expect((await t.request('GET', asset)).status, asset).toBe(200);
    }
  });
});
