import 'reflect-metadata';
import { createApp } from './app.factory';
import { ConfigError } from './config/config-error';
import { loadConfig } from './config/load-config';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await createApp(config);
  app.enableShutdownHooks();
  await app.listen({ port: config.port, host: '0.0.0.0' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  app.getHttpAdapter().getInstance().log.info(
    { url: `http://0.0.0.0:${port}`, store: config.store, docs: `http://localhost:${port}/docs` },
    `partnership ledger listening on http://0.0.0.0:${port}`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('partnership ledger failed to start:', error);
  }
  process.exit(1);
});
