import { AuditLog } from './audit-log';
import type { Models } from './models';
import { SurveyDeletion } from './survey-deletion';
import { SurveyDrafts } from './survey-drafts';
import { SurveyRecords } from './survey-records';

/** The stores that managing surveys in the browser needs, on one database (for SurveyManagement). */
export function managementStores(models: Models) {
  const drafts = new SurveyDrafts(models);
  return { drafts, records: new SurveyRecords(models), deletion: new SurveyDeletion(models, drafts), audit: new AuditLog(models) };
}
