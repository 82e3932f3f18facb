import Type from 'typebox';
import { Id, Nullable, Text } from '../../platform/schemas.ts';
import { maxRouteSteps } from './workflowRules.ts';
import { Applicant, Case, PublicProgress } from './schema.ts';

export const ItemWorkflow = Type.Object({
  itemId: Id,
  steps: Type.Array(Type.String(), { description: '后台办理步骤，依次办理，最后一步为「决定」' }),
  sameHandlerAllowed: Type.Boolean({ description: '是否允许同一人办理「决定」之前的多个步骤（如承办与审核）' }),
  configured: Type.Boolean({ description: 'false：未配置，受理后直接决定' }),
});
export const ItemWorkflowInput = Type.Object(
  {
    steps: Type.Array(Text(20), { minItems: 1, maxItems: maxRouteSteps }),
    sameHandlerAllowed: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const Opinion = Type.Object({
  position: Type.Integer(),
  stepName: Type.String(),
  kind: Type.Enum(['advance', 'send_back'], { description: 'advance 提交下一步 / send_back 退回上一步' }),
  opinion: Type.String(),
  actorName: Nullable(Type.String()),
  at: Type.String({ format: 'date-time' }),
});
export const CaseRoute = Type.Object({
  steps: Type.Array(Type.String()),
  position: Type.Integer(),
  currentStep: Type.String(),
  atDecision: Type.Boolean(),
  opinions: Type.Array(Opinion),
});
export const Advance = Type.Object({ opinion: Text(500) }, { additionalProperties: false });

const ChildSummary = Type.Object({ id: Id, caseNo: Type.String(), itemId: Id, itemName: Type.String(), status: Case.properties.status, statusLabel: Type.String() });
export const BundleStatus = Type.Enum(['submitted', 'in_progress', 'finished'], { description: 'submitted 已申报 / in_progress 办理中 / finished 已办结（全部子件办结或不予受理）' });

/** A 一件事 application: the parent and its children. */
export const BundleCase = Type.Object({
  id: Id,
  caseNo: Type.String(),
  bundle: Type.Literal(true),
  bundleId: Id,
  bundleName: Type.String(),
  centerId: Id,
  status: BundleStatus,
  statusLabel: Type.String(),
  applicantName: Type.String(),
  children: Type.Array(ChildSummary),
  createdAt: Type.String({ format: 'date-time' }),
});

/** Where a case stands on its route, and the 一件事 it belongs to. */
export const CaseRouteWithParent = Type.Object({ ...CaseRoute.properties, parent: Nullable(Type.Object({ id: Id, caseNo: Type.String(), bundleName: Type.String() })) });

const BundleMaterial = Type.Object({ materialId: Id, status: Case.properties.materials.items.properties.status, dueDate: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })) }, { additionalProperties: false });
export const CreateBundleCase = Type.Object(
  {
    bundleId: Id,
    centerId: Type.Optional(Id),
    applicant: Applicant,
    channel: Type.Enum(['window', 'online', 'terminal']),
    ticketId: Type.Optional(Id),
    items: Type.Array(Type.Object({ itemId: Id, situationId: Type.Optional(Id), answers: Type.Optional(Type.Record(Id, Id, { description: '情形 ID → 选项 ID' })), materials: Type.Array(BundleMaterial, { maxItems: 200 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 30 }),
  },
  { additionalProperties: false },
);

/** The public progress of a case number: a case's own, or a 一件事's with each child's item and status. */
export const PublicProgressWithChildren = Type.Object({
  ...PublicProgress.properties,
  status: Type.Union([Case.properties.status, BundleStatus]),
  children: Type.Optional(Type.Array(Type.Object({ caseNo: Type.String(), itemName: Type.String(), statusLabel: Type.String(), promisedDeadline: Nullable(Type.String()) }))),
});
