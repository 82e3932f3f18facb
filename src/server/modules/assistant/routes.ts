import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { badRequest } from '../../platform/errors.ts';
import { errors } from '../../platform/schemas.ts';
import * as schema from './schema.ts';
import { askAssistant } from './service.ts';

const tags = ['智能客服'];

export const assistantRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  app.post('/api/v1/assistant/ask', { schema: { tags, summary: '智能客服：根据事项目录与百问百答回答问题（公开；答不了就说不确定）', body: schema.Ask, response: { 200: schema.Answer, ...errors(400) } } }, (request) => {
    if (!request.body.question.trim()) throw badRequest('VALIDATION_ERROR', '请输入您的问题');
    return askAssistant(db, request.body);
  });
};
