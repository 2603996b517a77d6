import { Readable, Transform, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import { exportColumns } from '../domain/export/columns';
import { responseCell, textCell } from '../domain/export/csv-cells';
import { spssSyntax } from '../domain/export/spss-syntax';
import { codebookRows, crosstabRows, resultsRows, type Cell } from '../domain/export/tables';
import { format } from '../domain/locale/messages';
import { resultsMessagesFor, type ResultsMessages } from '../domain/locale/results-messages';
import type { ExportColumn, ExportedResponse, ExportWords } from '../domain/question-types/export-columns';
import { describeSubgroup } from '../domain/results/subgroup';
import type { SurveyDefinition } from '../domain/survey/definition';
import type { AuditLog } from '../storage/audit-log';
import type { ResponseAnalysis, ResponseSelection } from '../storage/response-analysis';
import { InvalidResultsQueryError } from '../errors';
import type { ResultsQuery, ResultsService } from './results';

/** An export request: the results' version and subgroup, and labels instead of codes. */
export interface ExportQuery extends ResultsQuery {
  labels?: boolean;
}

/** `responses.csv labels=1 version=2 where=gender:2`: what was exported, for the record of actions. */
function exportDetail(file: string, { version, where }: ResultsQuery, extra: Record<string, string | boolean>): string {
  const options = Object.entries(extra).flatMap(([name, value]) => (value === false || value === '' ? [] : [value === true ? `${name}=1` : `${name}=${value}`]));
  return [file, ...options, ...(version !== undefined ? [`version=${version}`] : []), ...(where ?? []).map((w) => `where=${w}`)].join(' ');
}

/** A file to download: its name and its content, streamed. */
export interface Download {
  filename: string;
  contentType: string;
  content: Readable;
}

const CSV_TYPE = 'text/csv; charset=utf-8';

/**
 * Every CSV of the export: UTF-8 with a byte-order mark (Excel then reads Chinese right), and
 * an empty cell for a missing value. The cells come written already (`export/csv-cells.ts`):
 * every text through the formula guard, response ids as they are, numbers as numbers.
 */
function csvWriter() {
  return stringify({ bom: true });
}

function exportWords(words: ResultsMessages): ExportWords {
  return {
    chosen: words.exportChosen,
    notChosen: words.exportNotChosen,
    otherText: words.exportOtherText,
    responseId: words.exportResponseId,
    responseIdNote: words.exportResponseIdNote,
    textNote: words.exportTextNote,
    submittedAt: words.exportSubmittedAt,
    version: words.exportVersion,
  };
}

/** A CSV of a few rows already at hand, every text a text cell. */
function csvOf(rows: Cell[][]): Readable {
  const cells = rows.map((row) => row.map((cell) => (typeof cell === 'string' ? textCell(cell) : cell)));
  return Readable.from(cells, { objectMode: true }).pipe(csvWriter());
}

/**
 * The exports of a survey: the raw responses (CSV with codes or labels, the SPSS syntax that
 * reads it, the codebook for R) and the results tables (tallies, a crosstab) as CSV. Which
 * responses count, in which version's columns, is what the results count (ResultsService).
 */
export class ExportService {
  constructor(
    private readonly results: ResultsService,
    private readonly analysis: ResponseAnalysis,
    /** Every export is recorded, with its file, version and filter, once the request proved good. */
    private readonly audit: AuditLog,
  ) {}

  private async record(surveyId: string, by: string, file: string, query: ResultsQuery, extra: Record<string, string | boolean> = {}): Promise<void> {
    await this.audit.record({ username: by, action: 'survey.export', surveyId, detail: exportDetail(file, query, extra) });
  }

  /**
   * One row per response, oldest first, streamed from a database cursor: the CSV is written
   * as the client reads it (a slow client slows the cursor, a client that leaves closes it),
   * so memory does not grow with the number of responses.
   */
  async responsesCsv(surveyId: string, query: ExportQuery, by: string): Promise<Download> {
    const { columns, selection } = await this.columns(surveyId, query);
    const labels = query.labels === true;
    const cursor = this.analysis.responsesInOrder(selection);
    try {
      // The first batch before anything is sent: a database that cannot answer is a 503, not a cut-off file.
      await cursor.hasNext();
      await this.record(surveyId, by, 'responses.csv', query, { labels });
    } catch (error) {
      await cursor.close().catch(() => {});
      throw error;
    }
    const toRow = new Transform({
      objectMode: true,
      transform(response: ExportedResponse, _encoding, done) {
        done(null, columns.map((column) => responseCell(column, column.read(response, labels))));
      },
    });
    const writer = csvWriter();
    writer.write(columns.map((c) => textCell(c.name)));
    // pipeline destroys every stage when one ends early: a client gone closes the cursor.
    const content = pipeline(cursor.stream(), toRow, writer, () => {});
    content.once('close', () => void cursor.close().catch(() => {}));
    return { filename: `${surveyId}-responses.csv`, contentType: CSV_TYPE, content };
  }

  /** SPSS syntax that reads `<survey>-responses.csv` (with codes) and labels every variable. */
  async responsesSpss(surveyId: string, query: ExportQuery, by: string): Promise<Download> {
    const { columns, definition, words } = await this.columns(surveyId, query);
    if (query.labels) throw new InvalidResultsQueryError([words.exportSpssLabels]);
    await this.record(surveyId, by, 'responses.sps', query);
    const csvFile = `${surveyId}-responses.csv`;
    const syntax = spssSyntax(columns, csvFile, [`${definition.id}: ${format(words.exportSpssHowTo, { file: csvFile })}`]);
    // The byte-order mark is how SPSS and PSPP know a syntax file is UTF-8.
    return { filename: `${surveyId}-responses.sps`, contentType: 'text/plain; charset=utf-8', content: Readable.from([`\uFEFF${syntax}`]) };
  }

  /** Every variable of the responses CSV with its question and each code's label, for R. */
  async codebook(surveyId: string, query: ResultsQuery, by: string): Promise<Download> {
    const { columns } = await this.columns(surveyId, query);
    await this.record(surveyId, by, 'codebook.csv', query);
    return { filename: `${surveyId}-codebook.csv`, contentType: CSV_TYPE, content: csvOf(codebookRows(columns)) };
  }

  /** The tallies of the results page (of everyone or a subgroup) as one table. */
  async resultsCsv(surveyId: string, query: ResultsQuery, by: string): Promise<Download> {
    const [{ definition }, results] = await Promise.all([this.results.countedResponses(surveyId, query), this.results.results(surveyId, query, { fresh: true })]);
    await this.record(surveyId, by, 'results.csv', query);
    const words = resultsMessagesFor(definition.locale);
    return { filename: `${surveyId}-results.csv`, contentType: CSV_TYPE, content: csvOf(resultsRows(results, words)) };
  }

  /** A crosstab with its totals, its chi-square figures and the subgroup it counts. */
  async crosstabCsv(surveyId: string, rowId: string, colId: string, query: ResultsQuery, by: string): Promise<Download> {
    const [{ definition, subgroup }, crosstab] = await Promise.all([
      this.results.countedResponses(surveyId, query),
      this.results.crosstab(surveyId, rowId, colId, query, { fresh: true }),
    ]);
    await this.record(surveyId, by, 'crosstab.csv', query, { row: rowId, col: colId });
    const words = resultsMessagesFor(definition.locale);
    return {
      filename: `${surveyId}-crosstab-${rowId}-${colId}.csv`.replace(/[^A-Za-z0-9._-]/g, '_'),
      contentType: CSV_TYPE,
      content: csvOf(crosstabRows(crosstab, words, describeSubgroup(definition, subgroup))),
    };
  }

  private async columns(
    surveyId: string,
    query: ResultsQuery,
  ): Promise<{ columns: ExportColumn[]; definition: SurveyDefinition; words: ResultsMessages; selection: ResponseSelection }> {
    const counted = await this.results.countedResponses(surveyId, query);
    const words = resultsMessagesFor(counted.definition.locale);
    return { columns: exportColumns(counted.definition, exportWords(words)), definition: counted.definition, words, selection: counted.selection };
  }
}
