import type { Kysely, Transaction } from 'kysely';
import type { AccountsTables } from '../modules/accounts/tables.ts';
import type { AssessmentTables } from '../modules/assessment/tables.ts';
import type { AssistanceTables } from '../modules/assistance/tables.ts';
import type { ProjectTables } from '../modules/projects/tables.ts';
import type { AppointmentTables } from '../modules/appointments/tables.ts';
import type { CalendarTables } from '../modules/calendar/tables.ts';
import type { CitizenTables } from '../modules/citizens/tables.ts';
import type { ElicenseTables } from '../modules/elicenses/tables.ts';
import type { CaseTables } from '../modules/cases/tables.ts';
import type { CaseWorkflowTables } from '../modules/cases/workflowTables.ts';
import type { FeedbackTables } from '../modules/feedback/tables.ts';
import type { RemoteTables } from '../modules/remote/tables.ts';
import type { NetworkTables } from '../modules/network/tables.ts';
import type { LockerTables } from '../modules/lockers/tables.ts';
import type { IntegrationTables } from '../modules/integrations/tables.ts';
import type { CatalogTables } from '../modules/catalog/tables.ts';
import type { OrgTables } from '../modules/org/tables.ts';
import type { QueueTables } from '../modules/queue/tables.ts';
import type { RatingTables } from '../modules/ratings/tables.ts';
import type { StatsTables } from '../modules/stats/tables.ts';
import type { TerminalTables } from '../modules/terminals/tables.ts';
import type { OutboxTables } from '../platform/outbox.ts';
import type { PlatformTables } from '../platform/tables.ts';

/** Every table, by owner. A module queries only its own; it reaches others through their services. */
export interface DB extends PlatformTables, OrgTables, AccountsTables, CatalogTables, CalendarTables, QueueTables, AppointmentTables, OutboxTables, CaseTables, CaseWorkflowTables, IntegrationTables, RatingTables, FeedbackTables, StatsTables, CitizenTables, LockerTables, NetworkTables, TerminalTables, AssistanceTables, ProjectTables, AssessmentTables, ElicenseTables, RemoteTables {}

/** A query runner: the database itself or an open transaction. Services take one so callers can compose them. */
export type Executor = Kysely<DB> | Transaction<DB>;
