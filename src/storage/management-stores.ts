import { AuditLog } from './audit-log';
import type { Database } from './database';
import { ResponseAnalysis } from './response-analysis';
import { SurveyDeletion } from './survey-deletion';
import { SurveyDrafts } from './survey-drafts';
import { SurveyRecords } from './survey-records';

/** The stores that managing surveys in the browser needs, on one database (for SurveyManagement). */
export function managementStores({ models, analysis }: Pick<Database, 'models' | 'analysis'>) {
  const drafts = new SurveyDrafts(models);
  return { drafts, records: new SurveyRecords(models, new ResponseAnalysis(analysis)), deletion: new SurveyDeletion(models, analysis, drafts), audit: new AuditLog(models) };
}
