import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { LoggerOptions } from 'pino';
import client from 'prom-client';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import type { Database } from './db/database.ts';
import { accountRoutes } from './modules/accounts/routes.ts';
import { assessmentRoutes } from './modules/assessment/routes.ts';
import { assistantRoutes } from './modules/assistant/routes.ts';
import { assistanceRoutes } from './modules/assistance/routes.ts';
import { projectRoutes } from './modules/projects/routes.ts';
import { appointmentRoutes } from './modules/appointments/routes.ts';
import { sessionTokenResolver } from './modules/accounts/service.ts';
import { calendarRoutes } from './modules/calendar/routes.ts';
import { caseRoutes } from './modules/cases/routes.ts';
import { caseWarningSweeper, sweepSecondsFrom } from './modules/cases/sweeper.ts';
import { warmSearchIndex } from './modules/catalog/service.ts';
import { catalogRoutes } from './modules/catalog/routes.ts';
import { citizenRoutes } from './modules/citizens/routes.ts';
import { elicenseRoutes } from './modules/elicenses/routes.ts';
import { lockerRoutes } from './modules/lockers/routes.ts';
import { flagUncollectedResults } from './modules/lockers/service.ts';
import { citizenTokenResolver } from './modules/citizens/service.ts';
import { integrationKeyResolver, startWebhookDispatcher } from './modules/integrations/service.ts';
import { integrationRoutes } from './modules/integrations/routes.ts';
import { networkRoutes } from './modules/network/routes.ts';
import { orgRoutes } from './modules/org/routes.ts';
import { queueRoutes } from './modules/queue/routes.ts';
import { ratingRoutes } from './modules/ratings/routes.ts';
import { escalateOverdueRectifications } from './modules/ratings/service.ts';
import { feedbackRoutes } from './modules/feedback/routes.ts';
import { remoteRoutes } from './modules/remote/routes.ts';
import { statsRoutes } from './modules/stats/routes.ts';
import { terminalRoutes } from './modules/terminals/routes.ts';
import { storeMonthEndReports } from './modules/stats/report.ts';
import { rollUpStats, rollUpToday } from './modules/stats/service.ts';
import { currentTime } from './platform/clock.ts';
import { escalateOverdueFeedback } from './modules/feedback/service.ts';
import { periodicJob } from './platform/periodic.ts';
import { pageRendering } from './platform/pageRendering.ts';
import { centerLineage, deviceTokenResolver, getCenter } from './modules/org/service.ts';
import { tokenOf, type RoleName, type TokenResolver } from './platform/auth.ts';
import { runAt, simulatedTimeHeader, startSimulatedClock, stopSimulatedClock } from './platform/clock.ts';
import { badRequest } from './platform/errors.ts';
import { forgetIdentities, identityChanged, rememberingResolver } from './platform/principalCache.ts';
import { EventBus } from './platform/events.ts';
import { installErrorHandling } from './platform/http.ts';
import { registerLiveRoutes } from './platform/live.ts';
import { deliverDueMessages, logSender } from './platform/outbox.ts';
import { loggerOptions } from './platform/logger.ts';
import { platformRoutes } from './platform/routes.ts';
import { ErrorBody } from './platform/schemas.ts';

/** Who receives a center's staff-only events (ratings, case.updated) over its live stream. */
const staffEventRoles: RoleName[] = ['admin', 'center_manager', 'supervisor', 'dept_approver'];

export interface BuildOptions {
  config: Config;
  database: Database;
  /** false silences request logs (tests); default: JSON logs at config.logLevel with personal data masked. */
  logger?: false | (LoggerOptions & { stream?: { write(line: string): void } });
  /** Load the public pages' renderer as the server starts rather than at the first page asked for (main.ts). */
  warmPageRenderer?: boolean;
}

export type App = FastifyInstance;

/** Builds the whole HTTP application on an open, migrated database. Tests build it the same way. */
export async function buildApp({ config, database, logger, warmPageRenderer = false }: BuildOptions): Promise<App> {
  const app = Fastify({
    logger: logger === false ? false : (logger ?? loggerOptions(config.logLevel)),
    bodyLimit: 1024 * 1024,
    trustProxy: true,
    return503OnClosing: true,
    // Registering every module's routes and schemas can take more than the default 10 s on a busy machine.
    pluginTimeout: 120_000,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: true, useDefaults: true, allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  if (config.simulation) installSimulatedClock(app);

  const bus = new EventBus(database);
  await bus.start();
  const ctx: AppContext = { config, database, db: database.db, bus };
  app.decorate('ctx', ctx);
  app.addHook('onClose', async () => bus.stop());
  // Another node changed who someone is: forget what this one remembers (platform/principalCache.ts).
  bus.subscribe((event) => event.type === identityChanged && forgetIdentities());
  // SMS and other messages in the outbox go out every few seconds; several nodes share the work safely.
  const sender = logSender((line) => app.log.info(line));
  const outbox = setInterval(() => {
    deliverDueMessages(database.db, sender).catch((error: unknown) => app.log.error({ err: error }, 'outbox delivery failed'));
  }, 15_000);
  outbox.unref();
  app.addHook('onClose', async () => clearInterval(outbox));
  // Webhooks to department systems: any node may run rounds; locks keep each delivery to one of them.
  if (config.webhookIntervalMs > 0) {
    const stopWebhooks = startWebhookDispatcher(database.db, { intervalMs: config.webhookIntervalMs, onError: (error) => app.log.error({ err: error }, 'webhook dispatch failed') });
    app.addHook('onClose', stopWebhooks);
  }
  // 黄灯/红灯 and late 容缺 materials, swept at start and every minute by one node at a time.
  const sweeper = caseWarningSweeper(database.db, (error: unknown) => app.log.error({ err: error }, 'case warning sweep failed'));
  app.addHook('onReady', async () => sweeper.start());
  app.addHook('onClose', async () => sweeper.stop());
  // 差评 rectifications and complaints past their deadline are escalated to the supervision screen, once;
  // results left in a locker too long are flagged and their owners reminded.
  const escalation = periodicJob(
    async () => {
      await escalateOverdueRectifications(database.db);
      await escalateOverdueFeedback(database.db);
      await flagUncollectedResults(database.db);
    },
    (error: unknown) => app.log.error({ err: error }, 'overdue escalation failed'),
    sweepSecondsFrom(process.env),
  );
  app.addHook('onReady', async () => escalation.start());
  app.addHook('onClose', async () => escalation.stop());
  // Statistics' daily rollups (today, yesterday and days touched since), then last month's reports once.
  const rollups = periodicJob(
    async () => {
      await rollUpStats(database.db);
      await storeMonthEndReports(database.db);
    },
    (error: unknown) => app.log.error({ err: error }, 'statistics rollup failed'),
    sweepSecondsFrom(process.env),
  );
  app.addHook('onReady', async () => rollups.start());
  app.addHook('onClose', async () => rollups.stop());
  // Activity rolls today up again within a second (one rollup per second at most) in the centers where it
  // happened, for live screens; an event of no center rolls up every center.
  let todayRollup: NodeJS.Timeout | undefined;
  let activeCenters: Set<string> | undefined = new Set();
  bus.subscribe((event) => {
    if (!/^(ticket|queue|rating|rectification|case)\./.test(event.type)) return;
    if (event.centerId === null) activeCenters = undefined;
    else activeCenters?.add(event.centerId);
    if (todayRollup) return;
    todayRollup = setTimeout(() => {
      const centerIds = activeCenters && [...activeCenters];
      todayRollup = undefined;
      activeCenters = new Set();
      rollUpToday(database.db, currentTime(), centerIds).catch((error: unknown) => app.log.error({ err: error }, 'statistics rollup of today failed'));
    }, 1000);
    todayRollup.unref();
  });
  app.addHook('onClose', async () => clearTimeout(todayRollup));
  app.addHook('onReady', async () => {
    warmSearchIndex(database.db).catch((error: unknown) => app.log.error({ err: error }, 'search index warm-up failed'));
  });

  installErrorHandling(app);
  installMetrics(app);
  await app.register(fastifyCookie);
  app.addSchema(ErrorBody);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'OneDoor 一门通办 API', version: config.version, description: '政务服务中心一门通办系统的接口。员工接口使用 `Authorization: Bearer <token>`；设备使用设备令牌。' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());

  const resolvers: TokenResolver[] = [sessionTokenResolver(database.db, config.sessionIdleMinutes), deviceTokenResolver(database.db), integrationKeyResolver(database.db), citizenTokenResolver(database.db)].map(rememberingResolver);
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request) => {
    const token = tokenOf(request);
    if (!token) return;
    const resolver = resolvers.find((r) => token.startsWith(r.prefix));
    request.principal = resolver ? await resolver.resolve(token, request) : undefined;
  });

  await app.register(platformRoutes, { lineageOf: (centerId) => centerLineage(database.db, centerId) });
  await app.register(accountRoutes);
  await app.register(orgRoutes);
  await app.register(catalogRoutes);
  await app.register(calendarRoutes);
  await app.register(queueRoutes);
  await app.register(appointmentRoutes);
  await app.register(caseRoutes);
  await app.register(integrationRoutes);
  await app.register(ratingRoutes);
  await app.register(feedbackRoutes);
  await app.register(remoteRoutes);
  await app.register(statsRoutes);
  await app.register(citizenRoutes);
  await app.register(lockerRoutes);
  await app.register(assistantRoutes);
  await app.register(terminalRoutes);
  await app.register(networkRoutes);
  await app.register(assistanceRoutes);
  await app.register(projectRoutes);
  await app.register(assessmentRoutes);
  await app.register(elicenseRoutes);
  registerLiveRoutes(app, database.db, bus, {
    assertCenter: async (centerId) => void (await getCenter(database.db, centerId)),
    // Managers and supervisors of the center, and its department approvers: case.updated moves the back
    // office's lists, and an approver's grant is for a department, which counts for its center here.
    canSeeStaffEvents: async (request, centerId) => {
      const principal = request.principal;
      if (principal?.kind !== 'user') return false;
      const lineage = await centerLineage(database.db, centerId);
      return principal.roles.some((g) => staffEventRoles.includes(g.role) && (g.centerId === null || lineage.includes(g.centerId)));
    },
  });

  await serveWebApp(app, config.webRoot, warmPageRenderer);
  return app;
}

/**
 * Simulation mode: each request runs at the instant its `x-simulated-time` header names (ISO 8601), or at
 * the latest one given. Registered before every other hook, so sign-in and sessions see that instant too.
 */
function installSimulatedClock(app: FastifyInstance): void {
  startSimulatedClock();
  app.addHook('onClose', async () => stopSimulatedClock());
  app.addHook('onRequest', (request, _reply, done) => {
    const header = request.headers[simulatedTimeHeader];
    if (header === undefined) return done();
    const instant = typeof header === 'string' && isoInstant.test(header) ? new Date(header) : undefined;
    if (!instant || Number.isNaN(instant.getTime())) {
      return done(badRequest('INVALID_SIMULATED_TIME', `${simulatedTimeHeader} 须为 ISO 8601 时刻，例如 2026-11-24T01:30:00Z`));
    }
    runAt(instant, () => done());
  });
}

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Prometheus metrics at /metrics, on a registry of this app's own (several apps share a test process). */
function installMetrics(app: FastifyInstance): void {
  const register = new client.Registry();
  client.collectDefaultMetrics({ register });
  const duration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route, method and status',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [register],
  });
  new client.Gauge({
    name: 'onedoor_live_clients',
    help: 'Open server-sent event streams',
    registers: [register],
    collect() {
      this.set(app.liveClients?.count ?? 0);
    },
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe({ route, method: request.method, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('content-type', register.contentType);
    return register.metrics();
  });
}

/** The React app: assets from the build folder, and index.html for every screen URL (client-side routing). */
async function serveWebApp(app: FastifyInstance, webRoot: string, warmPageRenderer: boolean): Promise<void> {
  const index = path.join(webRoot, 'index.html');
  if (!existsSync(index)) {
    app.log.warn({ webRoot }, 'web app not built: run `npm run build` to serve the screens');
    return;
  }
  // Cache headers per kind of file (the plugin's own would say max-age=0 for all): Vite names every
  // asset by its content hash, so a browser may keep it for good and reuse its compiled code.
  const assets = `${path.sep}assets${path.sep}`;
  await app.register(fastifyStatic, {
    root: webRoot,
    wildcard: false,
    index: false,
    cacheControl: false,
    // The build writes a .br and a .gz copy next to each text file (vite.config.ts): sent, with
    // Content-Encoding and Vary, to a browser that accepts one; the file itself to any other.
    preCompressed: true,
    setHeaders: (res, filePath) => {
      if (filePath.includes(assets)) res.header('cache-control', 'public, max-age=31536000, immutable');
    },
  });
  // Only rendered pages are compressed as they go; every other file has its compressed copies from the build.
  await app.register(fastifyCompress, { global: false });
  const pages = pageRendering(app, webRoot);
  if (warmPageRenderer) app.addHook('onReady', async () => void pages.warm());
  const sendPage = async (request: FastifyRequest, reply: FastifyReply) => {
    const page = await pages.render(request.url, request.headers.cookie);
    // A page rendered for a signed-in person holds their data: kept by no cache, and never answered for another cookie.
    reply.header('cache-control', page?.personal ? 'private, no-store' : 'no-cache').header('vary', 'Cookie');
    return page === undefined ? reply.sendFile('index.html') : reply.type('text/html; charset=utf-8').compress(page.html);
  };
  app.get('/assets/*', { schema: { hide: true } }, (request, reply) => reply.sendFile(request.url.split('?')[0]!.slice(1)));
  app.get('/', { schema: { hide: true } }, sendPage);
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const url = request.url.split('?')[0]!;
    if (url.startsWith('/api/') || url === '/metrics') {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `接口不存在：${request.method} ${url}` } });
    }
    if (/\.[a-z0-9]+$/i.test(url)) return reply.sendFile(url.slice(1));
    return sendPage(request, reply);
  });
}
