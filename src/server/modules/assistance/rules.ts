/** 帮办代办: the pure rules — which level serves a request, how a request moves, when an authorisation holds, who is suggested. */

export const agentLevels = ['city', 'district', 'park'] as const;
export type AgentLevel = (typeof agentLevels)[number];
export const agentLevelLabels: Record<AgentLevel, string> = { city: '市级', district: '区级', park: '园区' };

export const requestChannels = ['portal', 'window', 'phone'] as const;
export type RequestChannel = (typeof requestChannels)[number];
export const channelLabels: Record<RequestChannel, string> = { portal: '网上申请', window: '窗口登记', phone: '电话登记' };
/** What staff may record on a company's behalf; `portal` is only ever the company itself. */
export const staffChannels: readonly RequestChannel[] = ['window', 'phone'];

export const requestStatuses = ['submitted', 'assigned', 'in_progress', 'completed', 'withdrawn'] as const;
export type RequestStatus = (typeof requestStatuses)[number];
export const statusLabels: Record<RequestStatus, string> = { submitted: '待分派', assigned: '已分派', in_progress: '服务中', completed: '已办结', withdrawn: '已撤回' };

export const serviceKinds = ['consulting', 'document_preparation', 'accompanying', 'submission_on_behalf', 'coordination', 'site_visit', 'video_meeting'] as const;
export type ServiceKind = (typeof serviceKinds)[number];
export const serviceKindLabels: Record<ServiceKind, string> = {
  consulting: '政策咨询',
  document_preparation: '材料准备',
  accompanying: '陪同办理',
  submission_on_behalf: '代为申报',
  coordination: '部门协调',
  site_visit: '上门服务',
  video_meeting: '视频会商',
};

/** The longest an authorisation to act for a company may run, counted in days from the day it is granted. */
export const maxAuthorisationDays = 180;
/** The longest one service record may claim: a working day and a half. */
export const maxServiceMinutes = 720;

type CenterLevel = 'province' | 'city' | 'district' | 'town' | 'village';

/**
 * The level that serves a request made at a center: a park named by the company is served by that park's
 * agents; otherwise a province or city center's requests go to city agents, and those of a district (or of
 * the towns and villages under it) to district agents.
 */
export function levelForCenter(centerLevel: CenterLevel, park?: string | null): AgentLevel {
  if (park?.trim()) return 'park';
  return centerLevel === 'province' || centerLevel === 'city' ? 'city' : 'district';
}

export type RequestAction = 'assign' | 'accept' | 'complete' | 'withdraw';

const transitions: Record<RequestAction, Partial<Record<RequestStatus, RequestStatus>>> = {
  // Reassigning a request already in progress hands it back for the new agent to accept.
  assign: { submitted: 'assigned', assigned: 'assigned', in_progress: 'assigned' },
  accept: { assigned: 'in_progress' },
  complete: { in_progress: 'completed' },
  withdraw: { submitted: 'withdrawn', assigned: 'withdrawn', in_progress: 'withdrawn' },
};

/** The status an action leads to, or undefined when the action does not fit the request's status. */
export function nextStatus(status: RequestStatus, action: RequestAction): RequestStatus | undefined {
  return transitions[action][status];
}

/** Whether the agent may plan and record services: once accepted, until completed. */
export const isWorkable = (status: RequestStatus): boolean => status === 'in_progress';

export interface AuthorisationFacts {
  agentUserId: string;
  /** The last day (Asia/Shanghai) it holds, inclusive. */
  validUntil: string;
  revokedAt: Date | null;
}

export type AuthorisationState = 'valid' | 'expired' | 'revoked' | 'other_agent';
export const authorisationStateLabels: Record<AuthorisationState, string> = { valid: '有效', expired: '已过期', revoked: '已撤销', other_agent: '授予原专员（已改派）' };

/** Computed, never swept: an authorisation holds for the agent it names, until revoked, through its last day. */
export function authorisationState(facts: AuthorisationFacts, today: string, currentAgentUserId: string | null): AuthorisationState {
  if (facts.revokedAt) return 'revoked';
  if (today > facts.validUntil) return 'expired';
  if (facts.agentUserId !== currentAgentUserId) return 'other_agent';
  return 'valid';
}

/** Adds days to a 'YYYY-MM-DD' date on the calendar (not working days). */
export function addCalendarDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/** Why a requested last day cannot be granted, or undefined when it can: not before today, at most 180 days on. */
export function validUntilProblem(today: string, validUntil: string): 'IN_THE_PAST' | 'TOO_LONG' | undefined {
  if (validUntil < today) return 'IN_THE_PAST';
  if (validUntil > addCalendarDays(today, maxAuthorisationDays)) return 'TOO_LONG';
  return undefined;
}

/**
 * Which authorisation a submission on the company's behalf rests on: the valid one that runs longest; or, when
 * none holds, why — an expired one for this agent is named as such, anything else is "none".
 */
export function authorisationFor(
  authorisations: readonly (AuthorisationFacts & { id: string })[],
  today: string,
  agentUserId: string,
): { id: string } | { refusal: 'AUTHORISATION_EXPIRED' | 'AUTHORISATION_REQUIRED' } {
  const states = authorisations.map((a) => ({ a, state: authorisationState(a, today, agentUserId) }));
  const valid = states.filter((s) => s.state === 'valid').sort((x, y) => (x.a.validUntil < y.a.validUntil ? 1 : -1));
  if (valid[0]) return { id: valid[0].a.id };
  const expiredForAgent = states.some((s) => s.state === 'expired' && s.a.agentUserId === agentUserId);
  return { refusal: expiredForAgent ? 'AUTHORISATION_EXPIRED' : 'AUTHORISATION_REQUIRED' };
}

export interface AgentCandidate {
  userId: string;
  name: string;
  level: AgentLevel;
  centerId: string;
  /** For park agents, the park they serve. */
  area: string | null;
  active: boolean;
  /** Requests assigned to them and not yet finished. */
  openRequests: number;
}

export interface RequestPlace {
  level: AgentLevel;
  /** The center the request was made at, followed by its ancestors. */
  lineage: readonly string[];
  park: string | null;
}

/** Whether an agent may take a request: active, of its level, serving a center on the request's line, and the same park. */
export function agentFits(agent: AgentCandidate, place: RequestPlace): boolean {
  if (!agent.active || agent.level !== place.level || !place.lineage.includes(agent.centerId)) return false;
  return place.level !== 'park' || normalisePark(agent.area) === normalisePark(place.park);
}

const normalisePark = (name: string | null): string => (name ?? '').replace(/\s+/g, '');

/** The least-loaded agent that fits, nearest center first on a tie, then by name; undefined when nobody fits. */
export function suggestAgent(agents: readonly AgentCandidate[], place: RequestPlace): AgentCandidate | undefined {
  const distance = (a: AgentCandidate) => place.lineage.indexOf(a.centerId);
  return agents
    .filter((a) => agentFits(a, place))
    .sort((x, y) => x.openRequests - y.openRequests || distance(x) - distance(y) || x.name.localeCompare(y.name, 'zh') || (x.userId < y.userId ? -1 : 1))[0];
}

/** Why a service record is refused, or undefined: its day may not be in the future, its minutes 1…720. */
export function serviceProblem(input: { date: string; minutes: number }, today: string): string | undefined {
  if (input.date > today) return '服务日期不能晚于今天';
  if (!Number.isInteger(input.minutes) || input.minutes < 1 || input.minutes > maxServiceMinutes) return `服务时长应为 1 至 ${maxServiceMinutes} 分钟`;
  return undefined;
}

export interface ServiceFact {
  requestId: string;
  agentUserId: string;
  agentName: string;
  level: AgentLevel;
  creditCode: string;
  projectCode: string | null;
  minutes: number;
}

export interface RatedRequest {
  agentUserId: string | null;
  level: AgentLevel;
  score: number;
}

export interface FigureLine {
  companies: number;
  projects: number;
  services: number;
  minutes: number;
  ratings: number;
  averageRating: number | null;
}

function figureLine(services: readonly ServiceFact[], ratings: readonly RatedRequest[]): FigureLine {
  const total = ratings.reduce((sum, r) => sum + r.score, 0);
  return {
    companies: new Set(services.map((s) => s.creditCode)).size,
    projects: new Set(services.flatMap((s) => (s.projectCode ? [s.projectCode] : []))).size,
    services: services.length,
    minutes: services.reduce((sum, s) => sum + s.minutes, 0),
    ratings: ratings.length,
    averageRating: ratings.length ? Math.round((total / ratings.length) * 100) / 100 : null,
  };
}

/** Figures like Guangzhou's: companies and projects served, services and time, average rating — overall, per agent, per level. */
export function summariseFigures(services: readonly ServiceFact[], ratings: readonly RatedRequest[]) {
  const agents = new Map<string, string>();
  for (const s of services) agents.set(s.agentUserId, s.agentName);
  return {
    total: figureLine(services, ratings),
    byAgent: [...agents]
      .map(([agentUserId, name]) => ({ agentUserId, name, ...figureLine(services.filter((s) => s.agentUserId === agentUserId), ratings.filter((r) => r.agentUserId === agentUserId)) }))
      .sort((x, y) => y.services - x.services || x.name.localeCompare(y.name, 'zh')),
    byLevel: agentLevels.map((level) => ({ level, label: agentLevelLabels[level], ...figureLine(services.filter((s) => s.level === level), ratings.filter((r) => r.level === level)) })),
  };
}

