/**
 * The respondent's whole round trip, as `clients` browsers make it: GET /s/taobao-2015
 * (gzip, cookie kept), then POST it filled in, 303. Beside it the bare server does the same
 * cycle with the page's bytes prepared beforehand and a bare insert of the same document.
 * Target: the app at 70% or more of the bare cycle.
 */
import { figuresTable, formCycleLoad, meanFigures, measured, median, percent } from '../load';
import { referenceFormFields, referenceSurvey } from '../reference-answer';
import { interleaved, type BenchPart } from './part';

const clients = Number(process.env.BENCH_CLIENTS ?? 8);

export const formCyclePart: BenchPart = {
  name: 'form',
  async run({ app, bare, seconds, rounds, serverCpuMs }) {
    const fields = referenceFormFields(referenceSurvey());
    const appPage = `${app}/s/taobao-2015`;
    const barePage = `${bare}/form`;
    console.log(`\n## The form cycle (GET the page, POST it filled in) beside a bare page and insert (${clients} clients, ${rounds} rounds of ${seconds} s each)`);
    await formCycleLoad(appPage, fields, 2, clients);
    await formCycleLoad(barePage, fields, 2, clients);
    const pairs = await interleaved(
      rounds,
      () => measured(serverCpuMs, seconds, () => formCycleLoad(appPage, fields, seconds, clients)),
      () => measured(serverCpuMs, seconds, () => formCycleLoad(barePage, fields, seconds, clients)),
    );
    const ratios = pairs.map(([a, b]) => a.rps / b.rps);
    console.log(
      figuresTable(
        [
          ['GET + POST /s/:id (the app)', meanFigures(pairs.map(([a]) => a))],
          ['GET prepared bytes + bare insert', meanFigures(pairs.map(([, b]) => b))],
        ],
        'cycles/s',
      ),
    );
    console.log(`form cycle / bare cycle per round: ${ratios.map(percent).join(' ')}; median ${percent(median(ratios))} (target 70% or more)`);
  },
};
