/** 帮办代办: the shapes the server answers (src/server/modules/assistance/schema.ts) and their labels on screens. */
import { businessZone, dayjs } from '../shared/format';

export type AgentLevel = 'city' | 'district' | 'park';
export type RequestStatus = 'submitted' | 'assigned' | 'in_progress' | 'completed' | 'withdrawn';
export type ServiceKind = 'consulting' | 'document_preparation' | 'accompanying' | 'submission_on_behalf' | 'coordination' | 'site_visit' | 'video_meeting';
export type AuthorisationState = 'valid' | 'expired' | 'revoked' | 'other_agent';

export const levelOptions: { value: AgentLevel; label: string }[] = [
  { value: 'city', label: '市级' },
  { value: 'district', label: '区级' },
  { value: 'park', label: '园区' },
];

export const statusOptions: { value: RequestStatus; label: string }[] = [
  { value: 'submitted', label: '待分派' },
  { value: 'assigned', label: '已分派' },
  { value: 'in_progress', label: '服务中' },
  { value: 'completed', label: '已办结' },
  { value: 'withdrawn', label: '已撤回' },
];

export const statusColors: Record<RequestStatus, string> = { submitted: 'orange', assigned: 'blue', in_progress: 'processing', completed: 'green', withdrawn: 'default' };
export const authorisationColors: Record<AuthorisationState, string> = { valid: 'green', expired: 'orange', revoked: 'default', other_agent: 'default' };

export const serviceKindOptions: { value: ServiceKind; label: string }[] = [
  { value: 'consulting', label: '政策咨询' },
  { value: 'document_preparation', label: '材料准备' },
  { value: 'accompanying', label: '陪同办理' },
  { value: 'submission_on_behalf', label: '代为申报' },
  { value: 'coordination', label: '部门协调' },
  { value: 'site_visit', label: '上门服务' },
  { value: 'video_meeting', label: '视频会商' },
];

export interface Agent {
  userId: string;
  name: string;
  centerId: string;
  centerName: string;
  level: AgentLevel;
  levelLabel: string;
  area: string | null;
  specialties: string[];
  active: boolean;
  openRequests: number;
}

export interface AssistanceRequest {
  id: string;
  centerId: string;
  companyName: string;
  creditCode: string;
  contactName: string;
  contactPhone: string;
  projectCode: string | null;
  need: string;
  level: AgentLevel;
  levelLabel: string;
  park: string | null;
  channel: 'portal' | 'window' | 'phone';
  channelLabel: string;
  enteredBy: string | null;
  status: RequestStatus;
  statusLabel: string;
  agent: { userId: string; name: string } | null;
  submittedAt: string;
  assignedAt: string | null;
  acceptedAt: string | null;
  completedAt: string | null;
  withdrawnAt: string | null;
  rating: { score: number; comment: string | null; ratedAt: string } | null;
}

export interface Authorisation {
  id: string;
  agentUserId: string;
  agentName: string;
  scope: string;
  validUntil: string;
  grantedAt: string;
  revokedAt: string | null;
  state: AuthorisationState;
  stateLabel: string;
}

export interface RequestDetail extends AssistanceRequest {
  plan: { id: string; title: string; dueDate: string; doneAt: string | null; overdue: boolean }[];
  services: { id: string; kind: ServiceKind; kindLabel: string; date: string; minutes: number; note: string; agentName: string; authorisationId: string | null; recordedAt: string }[];
  totalMinutes: number;
  authorisations: Authorisation[];
  assignments: { agentUserId: string; agentName: string; assignedBy: string; reason: string | null; suggested: boolean; assignedAt: string; endedAt: string | null }[];
}

export interface FigureLine {
  companies: number;
  projects: number;
  services: number;
  minutes: number;
  ratings: number;
  averageRating: number | null;
}

export interface Figures {
  centerId: string;
  from: string | null;
  to: string | null;
  total: FigureLine;
  byAgent: (FigureLine & { agentUserId: string; name: string })[];
  byLevel: (FigureLine & { level: AgentLevel; label: string })[];
}

/** 90 分钟 → 1 小时 30 分. */
export function minutesText(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (!hours) return `${rest} 分钟`;
  return rest ? `${hours} 小时 ${rest} 分` : `${hours} 小时`;
}

/** A day in the business zone as 'YYYY-MM-DD', `offset` days from today. */
export const businessDay = (offset = 0): string => dayjs().tz(businessZone).add(offset, 'day').format('YYYY-MM-DD');
