import Type from 'typebox';
import { Day, Id, Nullable } from '../../platform/schemas.ts';
import { dimensions } from './service.ts';

const DateString = Day('YYYY-MM-DD（北京时间），含当日');

const filters = {
  from: DateString,
  to: DateString,
  departmentId: Type.Optional(Id),
  windowId: Type.Optional(Id),
  staffUserId: Type.Optional(Id),
  itemId: Type.Optional(Id),
  categoryId: Type.Optional(Id),
  channel: Type.Optional(Type.Enum(['kiosk', 'staff', 'appointment', 'online', 'window', 'terminal'])),
};

export const StatsQuery = Type.Object({ centerId: Id, ...filters });
export const BreakdownQuery = Type.Object({ centerId: Id, from: DateString, to: DateString, by: Type.Enum([...dimensions]) });
export const OwnQuery = Type.Object({ from: DateString, to: DateString });

const Rate = Nullable(Type.Number({ minimum: 0, maximum: 1 }));
const Minutes = Nullable(Type.Number());
const Duration = Type.Object({ mean: Minutes, median: Minutes, p90: Minutes, n: Type.Integer() });
const Counts = Type.Object({ '1': Type.Integer(), '2': Type.Integer(), '3': Type.Integer(), '4': Type.Integer(), '5': Type.Integer() });

const Visits = Type.Object({
  visits: Type.Integer(),
  issued: Type.Integer(),
  served: Type.Integer(),
  noShow: Type.Integer(),
  cancelled: Type.Integer(),
  transferred: Type.Integer(),
  noShowRate: Rate,
  abandoned: Type.Integer(),
  utilisation: Nullable(Type.Number({ description: '窗口利用率：办理时长 ÷ 签到在岗时长' })),
  wait: Duration,
  handle: Duration,
});
const CaseTotals = {
  submitted: Type.Integer(),
  accepted: Type.Integer(),
  acceptedDeferred: Type.Integer(),
  refused: Type.Integer(),
  supplementNotices: Type.Integer(),
  completed: Type.Integer(),
  onTimeRate: Rate,
  legalOnTimeRate: Rate,
};
const ByChannel = Type.Object({ window: Type.Integer(), terminal: Type.Integer(), online: Type.Integer() });
const Cases = Type.Object({ ...CaseTotals, byChannel: ByChannel, onlineRate: Rate });
const Ratings = Type.Object({ total: Type.Integer(), counts: Counts, satisfactionRate: Rate, fiveStarRate: Rate, realNameBad: Type.Integer(), callbackRate: Rate });
const Appointments = Type.Object({ booked: Type.Integer(), checkedIn: Type.Integer(), cancelled: Type.Integer(), noShow: Type.Integer(), noShowRate: Rate });

export const Figures = Type.Object({
  from: Type.String(),
  to: Type.String(),
  visits: Nullable(Visits),
  cases: Nullable(Cases),
  ratings: Nullable(Ratings),
  appointments: Nullable(Appointments),
  busiestHours: Nullable(Type.Array(Type.Object({ hour: Type.Integer(), visits: Type.Integer() }))),
});

export const Summary = Type.Object({
  from: Type.String(),
  to: Type.String(),
  visitors: Nullable(Type.Integer({ description: '来访人次：取号数，不含转移产生的新号' })),
  tickets: Nullable(Type.Integer({ description: '号票数（含转移）' })),
  cases: Nullable(Type.Integer({ description: '申报办件数' })),
  avgWaitMinutes: Minutes,
  avgHandleMinutes: Minutes,
  satisfactionRate: Rate,
  ratingCounts: Nullable(Counts),
  onTimeRate: Rate,
  byChannel: Nullable(ByChannel),
  figures: Figures,
  previous: Figures,
  changes: Type.Object(
    { visitors: Nullable(Type.Number()), cases: Nullable(Type.Number()), avgWaitMinutes: Nullable(Type.Number()), satisfactionRate: Nullable(Type.Number()) },
    { description: '与上一个同长周期相比的变化（比例）' },
  ),
});

export const BreakdownRow = Type.Object({
  key: Type.String(),
  name: Type.String(),
  visits: Nullable(Visits),
  cases: Nullable(Type.Object(CaseTotals)),
  ratings: Nullable(Ratings),
});

export const TrendPoint = Type.Object({
  day: Type.String(),
  visits: Nullable(Type.Integer()),
  served: Nullable(Type.Integer()),
  avgWaitMinutes: Minutes,
  cases: Nullable(Type.Integer()),
  completed: Nullable(Type.Integer()),
  satisfactionRate: Rate,
});

export const StoredReport = Type.Object({ month: Type.String(), generatedAt: Type.String({ format: 'date-time' }) });
export const ReportParams = Type.Object({ centerId: Id, month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' }), format: Type.Enum(['xlsx', 'pdf']) });
