import Type from 'typebox';
import { Day as DayOf, Id, Nullable, Text } from '../../platform/schemas.ts';
import { dimensions, indicators, roundStatuses, severities } from './rules.ts';

const Day = DayOf();
const Points = Type.Number({ minimum: 0, maximum: 1000 });
const Dimension = Type.Enum([...dimensions], { description: 'management 管理完善度 · construction 建设规范度 · service 服务成熟度 · innovation 应用创新度' });
const Indicator = Type.Enum([...indicators], { description: 'avg_wait 平均等候 · satisfaction_rate 好评率 · on_time_rate 按时办结率 · online_rate 网办率 · callback_rate 差评回访率' });
const Severity = Type.Enum([...severities], { description: 'minor 一般 · major 较重 · critical 严重' });
const Stamp = Type.String({ format: 'date-time' });

export const RoundParams = Type.Object({ id: Id });
export const CriterionParams = Type.Object({ id: Id, criterionId: Id });
export const CenterParams = Type.Object({ id: Id, centerId: Id });

export const CreateRound = Type.Object(
  {
    name: Text(100),
    year: Type.Integer({ minimum: 2000, maximum: 2100 }),
    scopeCenterId: Type.Optional(Id),
    centerIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 500, description: '不填：省内全部市级、县（区）级中心' })),
    periodFrom: Day,
    periodTo: Day,
    selfDeadline: Day,
  },
  { additionalProperties: false },
);

export const CreateCriterion = Type.Object(
  { dimension: Dimension, title: Text(200), description: Type.Optional(Type.String({ maxLength: 1000 })), maxPoints: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }), indicator: Type.Optional(Indicator) },
  { additionalProperties: false },
);

export const SelfScore = Type.Object(
  { criterionId: Id, score: Points, evidence: Text(2000), links: Type.Optional(Type.Array(Type.String({ maxLength: 500 }), { maxItems: 20, description: '佐证材料链接或上传的文件名' })) },
  { additionalProperties: false },
);

export const RecordFinding = Type.Object(
  {
    centerId: Id,
    criterionId: Id,
    text: Text(2000),
    severity: Severity,
    inspectorScore: Type.Optional(Points),
    visitedOn: Type.Optional(Day),
    rectifyDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 120, description: '整改期限（工作日）；不填按严重程度' })),
  },
  { additionalProperties: false },
);

export const FollowUp = Type.Object({ text: Text(2000), close: Type.Optional(Type.Boolean({ description: '监察人员销号' })) }, { additionalProperties: false });

export const Criterion = Type.Object({
  id: Type.String(),
  dimension: Dimension,
  dimensionLabel: Type.String(),
  title: Type.String(),
  description: Nullable(Type.String()),
  maxPoints: Type.Number(),
  indicator: Nullable(Indicator),
  indicatorLabel: Nullable(Type.String()),
});

const Access = Type.Object({ manage: Type.Boolean(), inspect: Type.Boolean(), centers: Type.Array(Type.String()) });

const roundFields = {
  id: Type.String(),
  name: Type.String(),
  year: Type.Integer(),
  scopeCenterId: Nullable(Type.String()),
  scopeCenterName: Nullable(Type.String()),
  periodFrom: Type.String(),
  periodTo: Type.String(),
  selfDeadline: Type.String(),
  status: Type.Enum([...roundStatuses]),
  statusLabel: Type.String(),
  selfAssessmentOpen: Type.Boolean(),
  publishedAt: Nullable(Stamp),
  createdAt: Stamp,
  access: Access,
};

export const RoundSummary = Type.Object(roundFields);
export const Round = Type.Object({
  ...roundFields,
  centers: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), level: Type.String() })),
  criteria: Type.Array(Criterion),
});

const Totals = {
  byDimension: Type.Object(Object.fromEntries(dimensions.map((d) => [d, Type.Number()]))),
  total: Type.Number(),
  maxTotal: Type.Number(),
};

export const RankingRow = Type.Object({
  centerId: Type.String(),
  centerName: Type.String(),
  rank: Type.Integer(),
  openFindings: Type.Integer(),
  overdueFindings: Type.Integer(),
  ...Totals,
});

export const Finding = Type.Object({
  id: Type.String(),
  roundId: Type.String(),
  centerId: Type.String(),
  criterionId: Type.String(),
  text: Type.String(),
  severity: Severity,
  severityLabel: Type.String(),
  inspectorScore: Nullable(Type.Number()),
  inspectorName: Type.String(),
  visitedOn: Type.String(),
  rectifyDays: Type.Integer(),
  dueDate: Type.String({ description: '整改期限（工作日计）' }),
  status: Type.Enum(['open', 'rectifying', 'closed']),
  statusLabel: Type.String(),
  overdue: Type.Boolean(),
  closedAt: Nullable(Stamp),
  followUps: Type.Array(Type.Object({ id: Type.String(), text: Type.String(), authorName: Type.String(), closes: Type.Boolean(), createdAt: Stamp })),
});

export const Scorecard = Type.Object({
  roundId: Type.String(),
  centerId: Type.String(),
  centerName: Type.String(),
  rank: Nullable(Type.Integer()),
  totals: Type.Object(Totals),
  lines: Type.Array(
    Type.Object({
      criterion: Criterion,
      auto: Nullable(
        Type.Object({
          value: Nullable(Type.Number()),
          points: Type.Number(),
          source: Type.Object({ statistic: Type.String(), from: Type.String(), to: Type.String(), basis: Type.Number() }),
          computedAt: Stamp,
        }),
      ),
      self: Nullable(Type.Object({ score: Type.Number(), evidence: Type.String(), links: Type.Array(Type.String()), scoredBy: Nullable(Type.String()), updatedAt: Stamp })),
      inspectorScore: Nullable(Type.Number()),
      points: Type.Number(),
      source: Type.Enum(['inspector', 'self', 'auto', 'none']),
      sourceLabel: Type.String(),
    }),
  ),
  findings: Type.Array(Finding),
});
