import type { Models } from '../models';
import { addCounts, BASE, countsOf, latestBases, type CounterShare } from './count-documents';

/** Respondents per counting key, per survey version. */
export type VersionCounts = Map<string, Map<string, number>>;

/** The counts of every version of a survey: each base plus the counters not folded into it. */
export async function readVersionCounts(models: Pick<Models, 'ResultCount'>, surveyId: string): Promise<VersionCounts> {
  const documents = await models.ResultCount.find({ surveyId }).lean();
  const bases = latestBases(documents);
  const byVersion: VersionCounts = new Map();
  for (const document of documents) {
    const base = bases.get(document.versionId);
    if (document.counter === BASE ? document !== base : base?.folded?.includes(document.counter)) continue;
    const sum = byVersion.get(document.versionId) ?? new Map<string, number>();
    byVersion.set(document.versionId, addCounts(sum, countsOf(document)));
  }
  return byVersion;
}

/** What one counter's own documents hold, version by version. */
export async function sharesOf(models: Pick<Models, 'ResultCount'>, counterId: string): Promise<CounterShare[]> {
  const documents = await models.ResultCount.find({ counter: counterId }).lean();
  return documents.map((d) => ({ versionId: d.versionId, surveyId: d.surveyId, counts: countsOf(d) }));
}
