import Type from 'typebox';
import { Id } from '../../platform/schemas.ts';

export const Ask = Type.Object(
  { question: Type.String({ minLength: 1, maxLength: 200, description: '用户的问题，例如"开饭店要带什么材料"' }), centerId: Type.Optional(Id) },
  { additionalProperties: false },
);

export const Answer = Type.Object({
  kind: Type.Enum(['answer', 'unsure'], { description: 'answer 有依据的回答 · unsure 不确定（不编造）' }),
  text: Type.String(),
  citations: Type.Array(Type.Object({ itemId: Id, title: Type.String(), url: Type.String(), section: Type.String() })),
  actions: Type.Array(
    Type.Object({ kind: Type.Enum(['guide', 'precheck', 'book', 'ticket', 'progress', 'search', 'feedback']), label: Type.String(), url: Type.String() }),
  ),
});
