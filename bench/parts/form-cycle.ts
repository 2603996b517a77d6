/**
 * The respondent's whole round trip, as `clients` browsers make it: GET /s/taobao-2015
 * (gzip, cookie kept), then POST it filled in, 303: complete responses per second. Beside it
 * the bare server does the same cycle with the page's bytes prepared beforehand and a bare
 * insert of the same document.
 */
import { PROXY_HEADERS } from '../app-process';
import { figuresTable, formCycleLoad, meanFigures, measured, median, roundsTable } from '../load';
import { referenceFormFields, referenceSurvey } from '../reference-answer';
import { interleaved, type BenchPart } from './part';

const clients = Number(process.env.BENCH_CONNECTIONS ?? 24);

export const formCyclePart: BenchPart = {
  name: 'form',
  async run({ app, bare, seconds, rounds, appCpuMs, bareCpuMs }) {
    const fields = referenceFormFields(referenceSurvey());
    const appPage = `${app}/s/taobao-2015`;
    const barePage = `${bare}/form`;
    console.log(`\n## The form cycle (GET the page, POST it filled in) beside a bare page and insert (${clients} clients, ${rounds} rounds of ${seconds} s each)`);
    await formCycleLoad(appPage, fields, 2, clients, PROXY_HEADERS);
    await formCycleLoad(barePage, fields, 2, clients, PROXY_HEADERS);
    const pairs = await interleaved(
      rounds,
      () => measured(bareCpuMs, seconds, () => formCycleLoad(barePage, fields, seconds, clients, PROXY_HEADERS)),
      () => measured(appCpuMs, seconds, () => formCycleLoad(appPage, fields, seconds, clients, PROXY_HEADERS)),
    );
    const ratios = pairs.map(([b, a]) => a.rps / b.rps);
    console.log(
      figuresTable(
        [
          ['GET + POST /s/:id (the app)', meanFigures(pairs.map(([, a]) => a))],
          ['GET prepared bytes + bare insert', meanFigures(pairs.map(([b]) => b))],
        ],
        'cycles/s',
      ),
    );
    console.log(roundsTable(pairs, 'cycles/s'));
    console.log(`form cycle / bare cycle: median ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`);
  },
};
