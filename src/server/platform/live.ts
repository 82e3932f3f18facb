import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { eventsSince, type DomainEvent, type EventBus } from './events.ts';
import { errors, IdParams } from './schemas.ts';
import type { Executor } from '../db/types.ts';

export interface LiveOptions {
  /** Throws (404) when the center does not exist. */
  assertCenter(centerId: string): Promise<void>;
  /** Whether the caller may see staff-only events (ratings, case warnings) of this center. */
  canSeeStaffEvents(request: FastifyRequest, centerId: string): Promise<boolean>;
}

const heartbeatMs = 15_000;

function frame(event: DomainEvent): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify({ ...event.data, eventId: event.id, at: event.at })}\n\n`;
}

/**
 * Server-sent events of one center: what hall displays and consoles listen to. A client that reconnects
 * sends Last-Event-ID (EventSource does so by itself) and first receives everything it missed.
 */
export function registerLiveRoutes(app: FastifyInstance, executor: Executor, bus: EventBus, options: LiveOptions): void {
  const open = new Set<FastifyReply>();
  const clients = { get count() { return open.size; } };
  app.decorate('liveClients', clients);

  app.addHook('preClose', async () => {
    for (const reply of open) reply.raw.end();
    open.clear();
  });

  app.get(
    '/api/v1/centers/:id/events',
    {
      schema: {
        tags: ['实时事件'],
        summary: '中心实时事件流（text/event-stream）',
        description: '叫号、排队变化对所有人可见；评价、办件预警仅对该中心的管理员、大厅管理员和监察人员可见。断线重连时带 Last-Event-ID 可补齐错过的事件。',
        params: IdParams,
        querystring: Type.Object({ lastEventId: Type.Optional(Type.Integer({ minimum: 0 })) }),
        response: { ...errors(404) },
      },
    },
    async (request: FastifyRequest<{ Params: { id: string }; Querystring: { lastEventId?: number } }>, reply) => {
      const centerId = request.params.id;
      await options.assertCenter(centerId);
      const staff = await options.canSeeStaffEvents(request, centerId);
      const visible = (event: DomainEvent) => event.centerId === centerId && (event.audience === 'public' || staff);
      const header = request.headers['last-event-id'];
      const resumeFrom = request.query.lastEventId ?? (typeof header === 'string' && /^\d+$/.test(header) ? Number(header) : undefined);

      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      open.add(reply);

      const sent = new Set<number>();
      let catchingUp = true;
      const buffered: DomainEvent[] = [];
      const send = (event: DomainEvent) => {
        if (sent.has(event.id)) return;
        sent.add(event.id);
        if (sent.size > 5000) sent.delete(sent.values().next().value!);
        reply.raw.write(frame(event));
      };
      const unsubscribe = bus.subscribe((event) => {
        if (!visible(event)) return;
        if (catchingUp) buffered.push(event);
        else send(event);
      });
      const heartbeat = setInterval(() => reply.raw.write(': keep-alive\n\n'), heartbeatMs);
      request.raw.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(reply);
      });

      reply.raw.write('retry: 3000\n\n');
      if (resumeFrom !== undefined) {
        let after = resumeFrom;
        for (;;) {
          const missed = await eventsSince(executor, centerId, after);
          for (const event of missed) if (visible(event)) send(event);
          if (missed.length < 500) break;
          after = missed[missed.length - 1]!.id;
        }
      } else {
        // Tell the client where the stream starts, so its first reconnect can catch up from here.
        const latest = await executor.selectFrom('event_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
        reply.raw.write(`id: ${latest?.id ?? 0}\nevent: ready\ndata: {}\n\n`);
      }
      catchingUp = false;
      for (const event of buffered) send(event);
      buffered.length = 0;
    },
  );
}

declare module 'fastify' {
  interface FastifyInstance {
    liveClients: { readonly count: number };
  }
}
