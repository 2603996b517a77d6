/** The worker thread of `surveyChecker`: checks one survey text and posts the result. */
import { parentPort, workerData } from 'node:worker_threads';
import { parseSurveyFile } from '../domain/survey/survey-file';

const { file, text } = workerData as { file: string; text: string };
parentPort!.postMessage(parseSurveyFile(file, text));
