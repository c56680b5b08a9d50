import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';

/*
 * @nestjs/swagger serves its UI assets through @fastify/static, which is not a dependency here; the UI needs
 * only three files of swagger-ui-dist (installed with @nestjs/swagger), so they are served directly.
 */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
};

function assetsDir(): string {
  const fromSwagger = createRequire(require.resolve('@nestjs/swagger'));
  return (fromSwagger('swagger-ui-dist') as { getAbsoluteFSPath(): string }).getAbsoluteFSPath();
}

export function serveSwaggerUi(fastify: FastifyInstance, basePath: string, documentUrl: string): void {
  const cache = new Map<string, Buffer>();
  const dir = assetsDir();
  const page =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partnership ledger API</title>' +
    `<link rel="stylesheet" href="${basePath}/swagger-ui.css"></head><body><div id="swagger-ui"></div>` +
    `<script src="${basePath}/swagger-ui-bundle.js"></script>` +
    `<script src="${basePath}/swagger-ui-standalone-preset.js"></script>` +
    `<script src="${basePath}/swagger-ui-init.js"></script></body></html>`;
  const init =
    `window.ui = SwaggerUIBundle({ url: ${JSON.stringify(documentUrl)}, dom_id: '#swagger-ui', ` +
    'presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: "StandaloneLayout" });';

  fastify.get(basePath, (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  fastify.get(`${basePath}/swagger-ui-init.js`, (_request, reply) =>
    reply.type('application/javascript; charset=utf-8').send(init),
  );
  for (const [file, type] of Object.entries(ASSETS)) {
    fastify.get(`${basePath}/${file}`, (_request, reply) => {
      let content = cache.get(file);
      if (!content) cache.set(file, (content = readFileSync(join(dir, file))));
      return reply.type(type).header('cache-control', 'public, max-age=3600').send(content);
    });
  }
}
