import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import multer from 'multer';
import type { Logger } from 'pino';
import { manageMessagesFor, type ManageMessages } from '../../domain/locale/manage-messages';
import { format } from '../../domain/locale/messages';
import { researcherLocale } from '../../domain/locale/researcher-messages';
import type { SurveyFileProblem } from '../../domain/survey/survey-file';
import { AppError } from '../../errors';
import { MAX_SURVEY_BYTES, type Actor, type Preview, type SurveyInput, type SurveyManagement } from '../../services/survey-management';
import { formView } from '../form-view';
import { currentUser, requireRole } from '../researcher-auth';
import type { ResearcherCsrf } from '../researcher-csrf';
import { requireSurveyOwner } from '../survey-access';
import { auditPageView } from '../view-models/manage/audit-page';
import { encoded } from '../view-models/manage/layout';
import { deletedPageView, deletePageView } from '../view-models/manage/delete-page';
import { editorPageView, type EditorInput } from '../view-models/manage/editor-page';
import { previewPageView } from '../view-models/manage/preview-page';
import { surveyPageView } from '../view-models/manage/survey-page';
import { versionsPageView } from '../view-models/manage/versions-page';

interface ManageDeps {
  management: SurveyManagement;
  csrf: ResearcherCsrf;
  logger: Logger;
}

const MAX_MB = MAX_SURVEY_BYTES / 1024 / 1024;
const AUDIT_PER_PAGE = 25;
/** How long the deletion's confirmation waits for the end before saying that it goes on in the background. */
const DELETION_WAIT_MS = 10_000;
function field(req: Request, name: string): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

/** A path parameter (its route names it, so it is there). */
function param(req: Request, name: 'surveyId' | 'draftId'): string {
  return String(req.params[name]);
}

/** The management pages speak the researcher's browser's language. */
const lang = (req: Request) => researcherLocale(req.get('accept-language'));

function actor(req: Request, res: Response): Actor {
  const user = currentUser(res);
  return { username: user.username, role: user.role, locale: researcherLocale(req.get('accept-language')) };
}

/**
 * The survey text from a form: an uploaded file (multipart, one `file` field, at most 2 MB)
 * or the pasted `text` field (multipart or urlencoded). A file that is too large, or a form
 * that does not parse, is a clear 413 or 400 instead of the library's error.
 */
function surveyForm(): RequestHandler {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_SURVEY_BYTES, fieldSize: MAX_SURVEY_BYTES, files: 1, fields: 10, parts: 12 },
    defParamCharset: 'utf8',
  }).single('file');
  const urlencoded = express.urlencoded({ extended: false, limit: MAX_SURVEY_BYTES * 3, parameterLimit: 10 });
  return (req, res, next) => {
    if (!req.is('multipart/form-data')) return urlencoded(req, res, next);
    upload(req, res, (error?: unknown) => {
      if (!error) return next();
      const m = manageMessagesFor(researcherLocale(req.get('accept-language')));
      const code = error instanceof multer.MulterError ? error.code : undefined;
      if (code === 'LIMIT_FILE_SIZE' || code === 'LIMIT_FIELD_VALUE') return next(new AppError(413, format(m.textTooLarge, { max: MAX_MB })));
      next(new AppError(400, m.uploadMalformed));
    });
  };
}

/** The text sent, or the problem with the uploaded file (not UTF-8). */
function sentSurvey(req: Request, m: ManageMessages): { input: SurveyInput; problem?: SurveyFileProblem } {
  const file = req.file;
  if (!file || file.size === 0) return { input: { text: field(req, 'text') } };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(file.buffer);
    return { input: { text, fileName: file.originalname } };
  } catch {
    return { input: { text: field(req, 'text'), fileName: file.originalname }, problem: { file: file.originalname, path: '', message: m.notUtf8 } };
  }
}

/** Researchers create and manage surveys in the browser (behind `requireResearcher` and the survey access check). */
export function manageSurveyRoutes({ management, csrf, logger }: ManageDeps): Router {
  const router = Router();
  const creators = requireRole('admin', 'researcher');

  function renderEditor(req: Request, res: Response, options: EditorInput & { status?: number }) {
    res.status(options.status ?? 200).render('manage/editor', editorPageView(lang(req), options));
  }

  /** Checks a sent text; the preview (303) when it is good, the editor with every problem when not. */
  async function checkSent(req: Request, res: Response, editOf?: string) {
    const m = manageMessagesFor(lang(req));
    const { input, problem } = sentSurvey(req, m);
    const title = editOf ? (await management.summary(editOf)).survey.definition.title : undefined;
    const base = { ...(editOf ? { editOf } : {}), ...(title ? { title } : {}), text: input.text };
    // An expired page loses nothing: the text comes back with a fresh token.
    if (res.locals.authenticatedBy !== 'token' && !csrf.isValid(req)) return renderEditor(req, res, { ...base, status: 403, notice: m.pageExpiredTextKept });
    if (problem) return renderEditor(req, res, { ...base, status: 422, problems: [problem] });
    const result = await management.check(actor(req, res), input, editOf);
    if (!result.ok) return renderEditor(req, res, { ...base, status: 422, problems: result.problems });
    res.redirect(303, `/surveys/new/drafts/${result.preview.draftId}`);
  }

  /** @route GET /surveys/new  the editor: upload a file or paste JSON (`?draft=` brings a draft's text back). */
  router.get('/surveys/new', creators, async (req, res) => {
    const draftId = typeof req.query.draft === 'string' ? req.query.draft : '';
    const text = draftId ? (await management.draft(actor(req, res), draftId)).draft.text : '';
    renderEditor(req, res, { text });
  });

  /** @route POST /surveys/new  checks the text (file or pasted) and shows its preview; saves nothing. */
  router.post('/surveys/new', creators, surveyForm(), (req, res) => checkSent(req, res));

  /** @route GET /surveys/new/drafts/:draftId  the preview of a checked text, at 360 px and wide, with its Save button. */
  router.get('/surveys/new/drafts/:draftId', creators, async (req, res) => {
    const preview = await management.previewOf(actor(req, res), param(req, 'draftId'));
    renderPreview(req, res, preview);
  });

  function renderPreview(req: Request, res: Response, preview: Preview) {
    res.render('manage/preview', previewPageView(lang(req), preview));
  }

  /**
   * @route GET /surveys/new/drafts/:draftId/form
   * The draft's form exactly as a respondent gets it (the same template and view), for the
   * preview's frames: the only page that our own pages may frame. The frame's sandbox lets the
   * form's own script run (same origin, as our scripts are served only to it) but takes away
   * forms and top navigation; and the form posts nowhere real.
   */
  router.get('/surveys/new/drafts/:draftId/form', creators, async (req, res) => {
    const { definition } = await management.draft(actor(req, res), param(req, 'draftId'));
    const policy = res.get('Content-Security-Policy');
    if (policy) res.set('Content-Security-Policy', policy.replace("frame-ancestors 'none'", "frame-ancestors 'self'"));
    res.render('form', { ...formView(definition, { csrfToken: '', formToken: '' }), action: req.originalUrl });
  });

  /** @route POST /surveys/new/drafts/:draftId  saves the draft: a new survey, or a new version of one the user owns. */
  router.post('/surveys/new/drafts/:draftId', creators, express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 5 }), csrf.protect, async (req, res) => {
    const saved = await management.save(actor(req, res), param(req, 'draftId'));
    res.redirect(303, `/surveys/${encoded(saved.surveyId)}/manage?saved=${saved.outcome}&version=${saved.version}`);
  });

  /** @route GET /surveys/:surveyId/manage  status, open/close, and the links to edit, versions, record and delete. */
  router.get('/surveys/:surveyId/manage', requireSurveyOwner, async (req, res) => {
    const summary = await management.summary(param(req, 'surveyId'));
    res.render(
      'manage/survey',
      surveyPageView(lang(req), {
        ...summary,
        origin: `${req.protocol}://${req.get('host') ?? 'localhost'}`,
        saved: typeof req.query.saved === 'string' ? req.query.saved : '',
        savedVersion: Number(req.query.version),
        status: typeof req.query.status === 'string' ? req.query.status : '',
      }),
    );
  });

  /** @route GET /surveys/:surveyId/edit  the current definition in the editor (`?draft=` brings a draft's text back). */
  router.get('/surveys/:surveyId/edit', requireSurveyOwner, async (req, res) => {
    const { survey } = await management.summary(param(req, 'surveyId'));
    const draftId = typeof req.query.draft === 'string' ? req.query.draft : '';
    const editor = draftId ? { text: (await management.draft(actor(req, res), draftId)).draft.text } : await management.editorText(survey.id);
    renderEditor(req, res, { editOf: survey.id, title: survey.definition.title, ...editor });
  });

  /** @route POST /surveys/:surveyId/edit  checks the edited text and shows its preview; saves nothing. */
  router.post('/surveys/:surveyId/edit', surveyForm(), (req, res) => checkSent(req, res, param(req, 'surveyId')));

  /** @route GET /surveys/:surveyId/versions  every version, who saved it, its responses, and what changed. */
  router.get('/surveys/:surveyId/versions', async (req, res) => {
    const { survey, versions } = await management.versions(param(req, 'surveyId'), lang(req));
    res.render('manage/versions', versionsPageView(lang(req), survey, versions, res.locals.surveyAccess === 'owner'));
  });

  /** @route POST /surveys/:surveyId/status  status=open|closed (owners). */
  router.post('/surveys/:surveyId/status', express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 5 }), csrf.protect, async (req, res) => {
    const status = field(req, 'status');
    if (status !== 'open' && status !== 'closed') throw new AppError(400, manageMessagesFor(lang(req)).statusInvalid);
    await management.setStatus(actor(req, res), param(req, 'surveyId'), status);
    res.redirect(303, `/surveys/${encoded(param(req, 'surveyId'))}/manage?status=${status}`);
  });

  function renderDelete(req: Request, res: Response, summary: { id: string; title: string; responses: number; deleting: boolean }, options: { status?: number; error?: string } = {}) {
    res.status(options.status ?? 200).render('manage/delete', deletePageView(lang(req), summary, options.error));
  }

  /** @route GET /surveys/:surveyId/delete  asks for confirmation, naming the responses that will go. */
  router.get('/surveys/:surveyId/delete', requireSurveyOwner, async (req, res) => {
    const { survey, responses, deleting } = await management.deletionSummary(param(req, 'surveyId'));
    renderDelete(req, res, { id: survey.id, title: survey.definition.title, responses, deleting });
  });

  /** @route POST /surveys/:surveyId/delete  confirm=<the survey id>: deletes the survey, its versions and its responses. */
  router.post('/surveys/:surveyId/delete', express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 5 }), csrf.protect, async (req, res) => {
    const surveyId = param(req, 'surveyId');
    if (field(req, 'confirm').trim() !== surveyId) {
      const { survey, responses, deleting } = await management.deletionSummary(surveyId);
      const error = format(manageMessagesFor(lang(req)).deleteMismatch, { id: surveyId });
      return renderDelete(req, res, { id: survey.id, title: survey.definition.title, responses, deleting }, { status: 422, error });
    }
    const { finished, done } = await management.delete(actor(req, res), surveyId, DELETION_WAIT_MS);
    if (finished) return res.render('manage/deleted', deletedPageView(lang(req), surveyId, true));
    // A large survey: the deletion goes on here; if it stops, the next confirmation or server start finishes it.
    done.catch((error: unknown) => logger.error({ err: error, surveyId }, 'survey deletion stopped half-way'));
    res.status(202).render('manage/deleted', deletedPageView(lang(req), surveyId, false));
  });

  /** @route GET /surveys/:surveyId/audit?page=  the survey's record of actions, newest first (owners). */
  router.get('/surveys/:surveyId/audit', requireSurveyOwner, async (req, res) => {
    const asked = Number(req.query.page ?? 1);
    const page = Number.isInteger(asked) && asked >= 1 && asked <= 100_000 ? asked : 1;
    const { survey, entries, pages } = await management.auditPage(param(req, 'surveyId'), page, AUDIT_PER_PAGE);
    res.render('manage/audit', auditPageView(lang(req), survey, entries, page, pages));
  });

  /** @route GET /surveys/:surveyId/last-response  looks the last response up in the responses, then back to the list. */
  router.get('/surveys/:surveyId/last-response', async (req, res) => {
    await management.lookUpLastResponse(param(req, 'surveyId'));
    res.redirect(303, '/surveys');
  });

  return router;
}
