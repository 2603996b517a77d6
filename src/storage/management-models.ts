import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * A survey text checked in the browser and waiting for its Save button, kept in the database
 * (not in the process) so that the preview and the save may reach different app processes.
 * Read by `_id` only; removed at the save, and any left after a day are cleaned away.
 *
 * The same collection holds short-lived claims of a new survey id (`_id` = `claim:<surveyId>`,
 * no text), so that two people saving a new survey under one id at the same moment cannot
 * both become its owner: the unique `_id` lets only one of them through.
 */
const surveyDraftSchema = new Schema(
  {
    _id: { type: String, required: true },
    username: { type: String, required: true },
    /** The survey id the text gives. */
    surveyId: { type: String, required: true },
    /** The survey being edited (its id cannot change); absent for a new survey. */
    editOf: { type: String },
    text: { type: String },
    /** The uploaded file's name, when the text came from a file. */
    fileName: { type: String },
    createdAt: { type: Date, required: true },
  },
  { collection: 'survey_drafts', versionKey: false },
);
// Every new draft cleans away those older than a day; a survey's deletion removes its drafts and claims.
surveyDraftSchema.index({ createdAt: 1 });
surveyDraftSchema.index({ surveyId: 1 });

export type SurveyDraftDocument = InferSchemaType<typeof surveyDraftSchema> & { _id: string };

/**
 * When each survey's latest response arrived (for the survey list), keyed by survey id and
 * raised with `$max` as the kept counts are written. A document of its own, not a field of the
 * survey's: FerretDB does not isolate concurrent updates of one document, so a flush's `$max`
 * on the survey could write back its old version pointer over a new version being saved.
 */
const lastResponseSchema = new Schema(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'survey_last_responses', versionKey: false },
);

export type LastResponseDocument = InferSchemaType<typeof lastResponseSchema> & { _id: string };

export interface ManagementModels {
  SurveyDraft: Model<SurveyDraftDocument>;
  LastResponse: Model<LastResponseDocument>;
}

export function defineManagementModels(connection: Connection): ManagementModels {
  return {
    SurveyDraft: connection.model<SurveyDraftDocument>('SurveyDraft', surveyDraftSchema),
    LastResponse: connection.model<LastResponseDocument>('LastResponse', lastResponseSchema),
  };
}
