import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import multer from 'multer';
import type { Logger } from 'pino';
import { formatUtcMinute } from '../view-models/dates';
import { format } from '../../domain/locale/messages';
import { manageMessagesFor, responsesCount, type ManageMessageKey, type ManageMessages } from '../../domain/locale/manage-messages';
import { researcherLocale, researcherMessagesFor } from '../../domain/locale/researcher-messages';
import type { Locale } from '../../domain/survey/definition';
import { problemCount, problemSentence, type SurveyFileProblem } from '../../domain/survey/survey-file';
import { AppError } from '../../errors';
import { MAX_SURVEY_BYTES, type Actor, type Preview, type SurveyInput, type SurveyManagement } from '../../services/survey-management';
import type { AuditAction } from '../../storage/audit-log';
import { formView } from '../form-view';
import { currentUser, requireRole } from '../researcher-auth';
import type { ResearcherCsrf } from '../researcher-csrf';
import { requireSurveyOwner } from '../survey-access';

interface ManageDeps {
  management: SurveyManagement;
  csrf: ResearcherCsrf;
  logger: Logger;
}

const MAX_MB = MAX_SURVEY_BYTES / 1024 / 1024;
const AUDIT_PER_PAGE = 25;
/** How long the deletion's confirmation waits for the end before saying that it goes on in the background. */
const DELETION_WAIT_MS = 10_000;
const STYLESHEETS = ['/css/manage.css'];

const ACTION_WORDS: Record<AuditAction, ManageMessageKey> = {
  'survey.create': 'actionCreate',
  'survey.edit': 'actionEdit',
  'survey.open': 'actionOpen',
  'survey.close': 'actionClose',
  'survey.delete': 'actionDelete',
  'survey.export': 'actionExport',
  'token.create': 'actionTokenCreate',
  'token.revoke': 'actionTokenRevoke',
};

const when = formatUtcMinute;
const encoded = (surveyId: string) => encodeURIComponent(surveyId);

function field(req: Request, name: string): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

/** A path parameter (its route names it, so it is there). */
function param(req: Request, name: 'surveyId' | 'draftId'): string {
  return String(req.params[name]);
}

/** The words and layout values every management page needs. */
function words(req: Request) {
  const lang = researcherLocale(req.get('accept-language'));
  return { lang, t: researcherMessagesFor(lang), m: manageMessagesFor(lang), stylesheets: STYLESHEETS };
}

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

/**
 * A problem as the editor lists it: where, the JSON path, the sentence in the page's language,
 * and the line it is on (`lines`: the text split once for all its problems).
 */
function problemView(problem: SurveyFileProblem, lines: readonly string[], m: ManageMessages, lang: Locale) {
  const lineText = problem.line ? (lines[problem.line - 1] ?? '').replace(/\r$/, '') : '';
  return {
    where: problem.line ? format(m.problemAt, { line: problem.line, column: problem.column ?? 1 }) : m.problemWholeText,
    path: problem.path,
    message: problemSentence(problem, lang),
    line: problem.line,
    lineText: lineText.length > 200 ? `${lineText.slice(0, 200)}…` : lineText,
  };
}

/** Researchers create and manage surveys in the browser (behind `requireResearcher` and the survey access check). */
export function manageSurveyRoutes({ management, csrf, logger }: ManageDeps): Router {
  const router = Router();
  const creators = requireRole('admin', 'researcher');

  function renderEditor(
    req: Request,
    res: Response,
    options: { status?: number; editOf?: string; title?: string; text: string; file?: string; problems?: SurveyFileProblem[]; notice?: string },
  ) {
    const w = words(req);
    const { m, lang } = w;
    const lines = options.problems?.length ? options.text.replace(/^\uFEFF/, '').split('\n') : [];
    const problems = (options.problems ?? []).map((p) => problemView(p, lines, m, lang));
    res.status(options.status ?? 200).render('manage/editor', {
      ...w,
      pageTitle: options.editOf ? format(m.editTitle, { title: options.title ?? options.editOf }) : m.newTitle,
      heading: options.editOf ? format(m.editTitle, { title: options.title ?? options.editOf }) : m.newTitle,
      intro: options.editOf ? m.editIntro : m.newIntro,
      fromFile: options.file ? format(m.fromFileNote, { file: options.file }) : '',
      action: options.editOf ? `/surveys/${encoded(options.editOf)}/edit` : '/surveys/new',
      text: options.text,
      problems,
      problemsTitle: format(m.problemsTitle, { count: problemCount(options.problems ?? []) }),
      notice: options.notice ?? '',
      maxBytes: MAX_SURVEY_BYTES,
      backUrl: options.editOf ? `/surveys/${encoded(options.editOf)}/manage` : '/surveys',
    });
  }

  /** Checks a sent text; the preview (303) when it is good, the editor with every problem when not. */
  async function checkSent(req: Request, res: Response, editOf?: string) {
    const { m } = words(req);
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
    const w = words(req);
    const { m } = w;
    const { definition, edit } = preview;
    const frameUrl = `/surveys/new/drafts/${preview.draftId}/form`;
    res.render('manage/preview', {
      ...w,
      pageTitle: format(m.previewTitle, { title: definition.title }),
      heading: format(m.previewTitle, { title: definition.title }),
      summary: edit
        ? format(m.previewEdit, { id: definition.id, version: edit.currentVersion })
        : format(m.previewNew, { id: definition.id, count: definition.questions.length }),
      unchanged: edit?.unchanged ?? false,
      changesTitle: edit ? format(m.previewChangesTitle, { version: edit.currentVersion }) : '',
      changes: edit?.changes ?? [],
      sharingIgnored: preview.sharingIgnored,
      frames: [
        { className: 'phone', label: m.previewPhone, title: format(m.previewFrameTitle, { width: '360 px' }), src: frameUrl },
        { className: 'wide', label: m.previewWide, title: format(m.previewFrameTitle, { width: m.previewWide }), src: frameUrl },
      ],
      saveAction: `/surveys/new/drafts/${preview.draftId}`,
      saveLabel: edit ? format(m.saveVersionButton, { version: edit.currentVersion + 1 }) : m.saveNewButton,
      backUrl: edit ? `/surveys/${encoded(definition.id)}/edit?draft=${preview.draftId}` : `/surveys/new?draft=${preview.draftId}`,
    });
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
    const w = words(req);
    const { m } = w;
    const { survey, responses, lastResponseAt, deleting } = await management.summary(param(req, 'surveyId'));
    const id = encoded(survey.id);
    const origin = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    const saved = typeof req.query.saved === 'string' ? req.query.saved : '';
    const version = Number(req.query.version);
    const notices: Record<string, string> = {
      created: format(m.savedNew, { url: `${origin}/s/${id}` }),
      version: format(m.savedVersion, { version: Number.isInteger(version) ? version : survey.version }),
      unchanged: m.savedUnchanged,
    };
    const statusNotice = req.query.status === 'open' ? m.openedNotice : req.query.status === 'closed' ? m.closedNotice : '';
    res.render('manage/survey', {
      ...w,
      pageTitle: format(m.manageTitle, { title: survey.definition.title }),
      heading: format(m.manageTitle, { title: survey.definition.title }),
      notice: notices[saved] ?? statusNotice,
      deleting,
      survey: {
        id: survey.id,
        status: survey.status === 'open' ? w.t.statusOpen : w.t.statusClosed,
        open: survey.status === 'open',
        version: survey.version,
        responses,
        lastResponse: lastResponseAt ? when(lastResponseAt) : m.listNoResponse,
        respondentUrl: `${origin}/s/${id}`,
      },
      links: {
        status: `/surveys/${id}/status`,
        results: `/surveys/${id}/results`,
        edit: `/surveys/${id}/edit`,
        versions: `/surveys/${id}/versions`,
        audit: `/surveys/${id}/audit`,
        delete: `/surveys/${id}/delete`,
      },
    });
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
    const w = words(req);
    const { m } = w;
    const { survey, versions } = await management.versions(param(req, 'surveyId'), w.lang);
    res.render('manage/versions', {
      ...w,
      pageTitle: format(m.versionsTitle, { title: survey.definition.title }),
      heading: format(m.versionsTitle, { title: survey.definition.title }),
      manageUrl: res.locals.surveyAccess === 'owner' ? `/surveys/${encoded(survey.id)}/manage` : '',
      versions: versions.map((v) => ({
        version: v.version,
        current: v.current,
        saved: when(v.createdAt),
        by: v.createdBy ?? (v.file ? format(m.versionByFile, { file: v.file }) : m.versionByUnknown),
        responses: v.responses,
        changes: v.first ? [m.versionFirst] : v.changes.length ? v.changes : [m.versionOtherDetails],
      })),
    });
  });

  /** @route POST /surveys/:surveyId/status  status=open|closed (owners). */
  router.post('/surveys/:surveyId/status', express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 5 }), csrf.protect, async (req, res) => {
    const status = field(req, 'status');
    if (status !== 'open' && status !== 'closed') throw new AppError(400, words(req).m.statusInvalid);
    await management.setStatus(actor(req, res), param(req, 'surveyId'), status);
    res.redirect(303, `/surveys/${encoded(param(req, 'surveyId'))}/manage?status=${status}`);
  });

  function renderDelete(req: Request, res: Response, summary: { id: string; title: string; responses: number; deleting: boolean }, options: { status?: number; error?: string } = {}) {
    const w = words(req);
    const { m } = w;
    res.status(options.status ?? 200).render('manage/delete', {
      ...w,
      pageTitle: format(m.deleteTitle, { title: summary.title }),
      heading: format(m.deleteTitle, { title: summary.title }),
      warning: format(m.deleteWarning, { id: summary.id, responses: responsesCount(w.lang, summary.responses) }),
      deleting: summary.deleting,
      confirmLabel: format(m.deleteConfirmLabel, { id: summary.id }),
      surveyId: summary.id,
      error: options.error ?? '',
      action: `/surveys/${encoded(summary.id)}/delete`,
      backUrl: `/surveys/${encoded(summary.id)}/manage`,
    });
  }

  /** @route GET /surveys/:surveyId/delete  asks for confirmation, naming the responses that will go. */
  router.get('/surveys/:surveyId/delete', requireSurveyOwner, async (req, res) => {
    const { survey, responses, deleting } = await management.deletionSummary(param(req, 'surveyId'));
    renderDelete(req, res, { id: survey.id, title: survey.definition.title, responses, deleting });
  });

  /** @route POST /surveys/:surveyId/delete  confirm=<the survey id>: deletes the survey, its versions and its responses. */
  router.post('/surveys/:surveyId/delete', express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 5 }), csrf.protect, async (req, res) => {
    const surveyId = param(req, 'surveyId');
    const w = words(req);
    if (field(req, 'confirm').trim() !== surveyId) {
      const { survey, responses, deleting } = await management.deletionSummary(surveyId);
      return renderDelete(req, res, { id: survey.id, title: survey.definition.title, responses, deleting }, { status: 422, error: format(w.m.deleteMismatch, { id: surveyId }) });
    }
    const { finished, done } = await management.delete(actor(req, res), surveyId, DELETION_WAIT_MS);
    if (finished) {
      return res.render('manage/deleted', { ...w, pageTitle: w.m.deletedTitle, heading: w.m.deletedTitle, body: format(w.m.deletedBody, { id: surveyId }) });
    }
    // A large survey: the deletion goes on here; if it stops, the next confirmation or server start finishes it.
    done.catch((error: unknown) => logger.error({ err: error, surveyId }, 'survey deletion stopped half-way'));
    res.status(202).render('manage/deleted', { ...w, pageTitle: w.m.deletingTitle, heading: w.m.deletingTitle, body: format(w.m.deletingBody, { id: surveyId }) });
  });

  /** @route GET /surveys/:surveyId/audit?page=  the survey's record of actions, newest first (owners). */
  router.get('/surveys/:surveyId/audit', requireSurveyOwner, async (req, res) => {
    const w = words(req);
    const { m } = w;
    const asked = Number(req.query.page ?? 1);
    const page = Number.isInteger(asked) && asked >= 1 && asked <= 100_000 ? asked : 1;
    const { survey, entries, pages } = await management.auditPage(param(req, 'surveyId'), page, AUDIT_PER_PAGE);
    const url = (p: number) => `/surveys/${encoded(survey.id)}/audit?page=${p}`;
    res.render('manage/audit', {
      ...w,
      pageTitle: format(m.auditTitle, { title: survey.definition.title }),
      heading: format(m.auditTitle, { title: survey.definition.title }),
      manageUrl: `/surveys/${encoded(survey.id)}/manage`,
      entries: entries.map((e) => ({ when: when(e.at), who: e.username, what: m[ACTION_WORDS[e.action]] ?? e.action, detail: e.detail ?? '' })),
      pageLabel: format(m.auditPage, { page, pages }),
      newerUrl: page > 1 ? url(page - 1) : '',
      olderUrl: page < pages ? url(page + 1) : '',
    });
  });

  /** @route GET /surveys/:surveyId/last-response  looks the last response up in the responses, then back to the list. */
  router.get('/surveys/:surveyId/last-response', async (req, res) => {
    await management.lookUpLastResponse(param(req, 'surveyId'));
    res.redirect(303, '/surveys');
  });

  return router;
}
