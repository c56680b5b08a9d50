import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { serveSwaggerUi } from './swagger-ui';

export const DOCS_PATH = '/docs';
export const DOCS_JSON_PATH = '/docs/json';

/**
 * The OpenAPI document is scanned from the controllers: paths and methods from Nest's routing, request
 * bodies and queries from the zod schemas of @ZodBody/@ZodQuery, answers from @ApiZodResponse, roles from
 * @Roles (as `x-roles`). Nothing is declared twice.
 */
export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Partnership ledger')
    .setDescription(
      'Event-sourced partnership ledger. Authenticate with `Authorization: Bearer <key>`; errors are ' +
        '`{ "error": { "code", "message", "details"? } }`; commands accept `Idempotency-Key` and `If-Match`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'an API key (LEDGER_API_KEYS)' })
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** GET /docs (UI) and GET /docs/json (document), both public: they are served outside Nest's guards. */
export function setupOpenApi(app: NestFastifyApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app), {
    ui: false,
    raw: ['json'],
    jsonDocumentUrl: DOCS_JSON_PATH,
  });
  serveSwaggerUi(app.getHttpAdapter().getInstance(), DOCS_PATH, DOCS_JSON_PATH);
}
