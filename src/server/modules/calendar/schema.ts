import Type from 'typebox';
import { Text } from '../../platform/schemas.ts';

/** A date as API.md has them: 'YYYY-MM-DD' in Asia/Shanghai. The shape is checked here, the day itself (2025-13-01) by the service. */
export const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '日期 YYYY-MM-DD（北京时间）', examples: ['2025-09-30'] });

export const CalendarDayKind = Type.Enum(['holiday', 'workday'], { description: 'holiday 放假 / workday 调休上班（周末上班）' });
export const CalendarDaySource = Type.Enum(['chinese-days', 'admin'], { description: 'chinese-days 国务院放假安排（内置数据）/ admin 管理员录入' });

export const CalendarDay = Type.Object({ date: DateString, kind: CalendarDayKind, name: Type.String(), source: CalendarDaySource });

export const AddWorkingDaysQuery = Type.Object({
  from: DateString,
  days: Type.Integer({ minimum: 0, maximum: 10000, description: '工作日数；起始日当天不计入，0 即起始日本身' }),
});
export const AddWorkingDaysResult = Type.Object({ date: DateString });

export const BetweenQuery = Type.Object({ from: DateString, to: DateString });
export const BetweenResult = Type.Object({
  workingDays: Type.Integer({ description: 'from 之后到 to（含）的工作日数；to 早于 from 时为负数' }),
});

export const Coverage = Type.Object({
  years: Type.Array(Type.Integer(), { description: '已录入节假日安排的年份' }),
  currentYear: Type.Integer(),
  currentYearCovered: Type.Boolean(),
  nextYear: Type.Integer(),
  nextYearCovered: Type.Boolean(),
  warning: Type.Union([Type.Null(), Type.String()], { description: '今年或明年尚未录入时的提示' }),
});

export const YearQuery = Type.Object({ year: Type.Integer({ minimum: 1970, maximum: 2999, description: '年份' }) });
export const CalendarYear = Type.Object({ year: Type.Integer(), days: Type.Array(CalendarDay), coverage: Coverage });

export const DateParams = Type.Object({ date: DateString });
export const SetCalendarDay = Type.Object({ kind: CalendarDayKind, name: Text(20, { description: '名称，如“国庆节”' }) }, { additionalProperties: false });
