import { RESPONDENT_KEY } from '../../domain/results/counting-keys';
import type { Models } from '../models';
import type { ResponseAnalysis } from '../response-analysis';
import type { Bases } from './bases';
import { BASE, latestBases, type CounterShare } from './count-documents';
import type { CounterLiveness } from './counter-liveness';
import type { CounterRepair } from './counter-repair';
import { readVersionCounts } from './reading';

/** Set once the kept counts have been built from the stored responses. */
const COUNTS_MARKER = 'result-counts-kept-since';
const RECOUNT_ATTEMPTS = 5;

/** The recount of every version from the stored responses, leaving running counters' shares to them. */
export class FullRecount {
  /** @param analysis reads from the primary (see CounterRepair). */
  constructor(
    private readonly models: Pick<Models, 'ResultCount' | 'SurveyVersion' | 'Setting'>,
    private readonly analysis: ResponseAnalysis,
    private readonly liveness: CounterLiveness,
    private readonly repair: CounterRepair,
    private readonly bases: Bases,
    private readonly now: () => number,
  ) {}

  /** True once a recount of all surveys has finished on this database. */
  async hasRun(): Promise<boolean> {
    return !!(await this.models.Setting.findById(COUNTS_MARKER).lean());
  }

  /**
   * Recounts from the responses everything that no running counter holds, for every version
   * of the given surveys (all surveys when none is given). Safe while servers take responses:
   * their counters keep counting theirs. Returns each survey's respondents, as now kept.
   */
  async run(surveyIds?: string[], progress: (message: string) => void = () => {}): Promise<Map<string, number>> {
    await this.repair.repairGone();
    for (let attempt = 0; attempt < RECOUNT_ATTEMPTS; attempt++) {
      const running = await this.liveness.running();
      const versions = await this.versionsOf(surveyIds);
      const baseSeqs = new Map<string, number>();
      const bases = latestBases(await this.models.ResultCount.find({ counter: BASE }).lean());
      for (const { versionId } of versions) baseSeqs.set(versionId, bases.get(versionId)?.seq ?? 0);
      const recounted: CounterShare[] = [];
      for (const { surveyId, versionId } of versions) {
        progress(`counting ${versionId}…`);
        recounted.push({ surveyId, versionId, counts: await this.analysis.countChoices({ surveyId, versionIds: [versionId], notCountedBy: running }) });
      }
      // A counter that started or stopped during the scan may be counted twice or not at all: again.
      const after = await this.liveness.running();
      if (after.length !== running.length || after.some((id) => !running.includes(id))) continue;
      let changed = false;
      for (const share of recounted) {
        const documents = await this.models.ResultCount.find({ versionId: share.versionId }, { counter: 1 }).lean();
        const stopped = documents.map((d) => d.counter).filter((c) => c !== BASE && !running.includes(c));
        await this.bases.rewrite(share.surveyId, share.versionId, (base) => {
          if (base.seq !== baseSeqs.get(share.versionId)) {
            changed = true; // A counter was folded in meanwhile.
            return undefined;
          }
          return { counts: share.counts, folded: [...base.folded, ...stopped] };
        });
        if (changed) break;
        await this.models.ResultCount.deleteMany({ versionId: share.versionId, counter: { $in: stopped } });
      }
      if (changed) continue;
      // Their shares are in the bases now; repairing them again would count them twice.
      await this.liveness.forgetAllBut(running);
      if (!surveyIds) {
        await this.models.Setting.updateOne({ _id: COUNTS_MARKER }, { $set: { value: new Date(this.now()).toISOString() } }, { upsert: true });
      }
      const respondents = new Map<string, number>();
      for (const surveyId of new Set(versions.map((v) => v.surveyId))) {
        const counted = [...(await readVersionCounts(this.models, surveyId)).values()].reduce((sum, counts) => sum + (counts.get(RESPONDENT_KEY) ?? 0), 0);
        respondents.set(surveyId, counted);
      }
      return respondents;
    }
    throw new Error('Servers kept starting or stopping during the recount; run it again');
  }

  /** Every version of the surveys that has a stored definition or kept counts. */
  private async versionsOf(surveyIds?: string[]): Promise<{ surveyId: string; versionId: string }[]> {
    const filter = surveyIds ? { surveyId: { $in: surveyIds } } : {};
    const [versions, kept] = await Promise.all([
      this.models.SurveyVersion.find(filter, { surveyId: 1 }).lean(),
      this.models.ResultCount.find(filter, { surveyId: 1, versionId: 1 }).lean(),
    ]);
    const all = new Map<string, string>();
    for (const v of versions) all.set(v._id, v.surveyId);
    for (const k of kept) all.set(k.versionId, k.surveyId);
    return [...all].map(([versionId, surveyId]) => ({ surveyId, versionId }));
  }
}
