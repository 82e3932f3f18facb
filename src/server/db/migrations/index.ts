import type { Migration } from 'kysely/migration';
import { platform } from './0001_platform.ts';
import { org } from './0002_org.ts';
import { accounts } from './0003_accounts.ts';
import { catalog } from './0004_catalog.ts';
import { calendar } from './0005_calendar.ts';
import { catalogSearch } from './0006_catalog_search.ts';
import { queue } from './0007_queue.ts';
import { appointments } from './0008_appointments.ts';
import { cases } from './0009_cases.ts';
import { queueSpeed } from './0010_queue_speed.ts';
import { caseWarnings } from './0011_case_warnings.ts';
import { integrations } from './0012_integrations.ts';
import { ratings } from './0013_ratings.ts';
import { feedback } from './0014_feedback.ts';
import { stats } from './0015_stats.ts';
import { statsReports } from './0016_stats_reports.ts';
import { citizens } from './0017_citizens.ts';
import { terminals } from './0018_terminals.ts';
import { network } from './0019_network.ts';
import { feedbackCitizen } from './0020_feedback_citizen.ts';
import { lockers } from './0021_lockers.ts';
import { assistance } from './0022_assistance.ts';
import { projects } from './0023_projects.ts';
import { policies } from './0024_policies.ts';
import { assessment } from './0025_assessment.ts';
import { elicenses } from './0026_elicenses.ts';
import { remoteApplications } from './0028_remote_applications.ts';
import { remoteShipments } from './0029_remote_shipments.ts';
import { caseWorkflow } from './0030_case_workflow.ts';
import { bundleCases } from './0031_bundle_cases.ts';
import { terminalItems } from './0032_terminal_items.ts';
import { hallHelp } from './0033_hall_help.ts';
import { callbackEvents } from './0034_callback_events.ts';

/** Every migration in order; names sort by their number. */
export const migrations: Record<string, Migration> = {
  '0001_platform': platform,
  '0002_org': org,
  '0003_accounts': accounts,
  '0004_catalog': catalog,
  '0005_calendar': calendar,
  '0006_catalog_search': catalogSearch,
  '0007_queue': queue,
  '0008_appointments': appointments,
  '0009_cases': cases,
  '0010_queue_speed': queueSpeed,
  '0011_case_warnings': caseWarnings,
  '0012_integrations': integrations,
  '0013_ratings': ratings,
  '0014_feedback': feedback,
  '0015_stats': stats,
  '0016_stats_reports': statsReports,
  '0017_citizens': citizens,
  '0018_terminals': terminals,
  '0019_network': network,
  '0020_feedback_citizen': feedbackCitizen,
  '0021_lockers': lockers,
  '0022_assistance': assistance,
  '0023_projects': projects,
  '0024_policies': policies,
  '0025_assessment': assessment,
  '0026_elicenses': elicenses,
  '0028_remote_applications': remoteApplications,
  '0029_remote_shipments': remoteShipments,
  '0030_case_workflow': caseWorkflow,
  '0031_bundle_cases': bundleCases,
  '0032_terminal_items': terminalItems,
  '0033_hall_help': hallHelp,
  '0034_callback_events': callbackEvents,
};
