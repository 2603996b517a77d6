import type { Request, Response } from 'express';
import type { SurveyState } from '../storage/survey-store';
import { formView } from './form-view';
import { PageTemplate } from './page-template';

/**
 * The blank form of each survey version, rendered and compressed once, with holes for what
 * differs between two respondents: the form key and the anti-forgery token. A version never
 * changes (its id is its content's hash), so its page is kept for the life of the process.
 */
export class BlankForms {
  private readonly pages = new Map<string, Promise<PageTemplate>>();

  /** Sends the survey's blank form with this page's own key and token, gzip when the browser takes it. */
  async send(req: Request, res: Response, survey: SurveyState, tokens: { form: string; csrf: string }): Promise<void> {
    const template = await this.page(req, survey);
    const gzip = req.get('accept-encoding') !== undefined && req.acceptsEncodings('gzip', 'identity') === 'gzip';
    const pieces = template.fill([tokens.csrf, tokens.form], gzip ? 'gzip' : 'identity');
    res.set('Content-Type', 'text/html; charset=utf-8');
    res.set('Vary', 'Accept-Encoding');
    if (gzip) res.set('Content-Encoding', 'gzip');
    res.set('Content-Length', String(pieces.reduce((length, piece) => length + piece.length, 0)));
    // Written in one tick, the pieces leave in one write to the socket.
    for (const piece of pieces.slice(0, -1)) res.write(piece);
    res.end(pieces.at(-1));
  }

  private page(req: Request, survey: SurveyState): Promise<PageTemplate> {
    const kept = this.pages.get(survey.versionId);
    if (kept) return kept;
    const holes = { csrf: PageTemplate.hole(), form: PageTemplate.hole() };
    const view = formView(survey.definition, { csrfToken: holes.csrf, formToken: holes.form });
    const page = new Promise<string>((resolve, reject) => {
      req.app.render('form', view, (error, html) => (error ? reject(error) : resolve(html)));
    }).then((html) => new PageTemplate(html, [holes.csrf, holes.form]));
    // A failed render is not kept: the next request tries again.
    page.catch(() => this.pages.delete(survey.versionId));
    this.pages.set(survey.versionId, page);
    return page;
  }
}
