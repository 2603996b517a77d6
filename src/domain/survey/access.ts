import type { SurveySharing } from './definition';

export type AccountRole = 'admin' | 'researcher' | 'viewer';

/** What a user may do with one survey: manage it and read everything, or only read and export. */
export type SurveyAccess = 'owner' | 'viewer';

/**
 * Who may see what. Admins manage every survey. Otherwise a survey's sharing decides: its
 * owners manage it, its viewers read its results and export them; a user with the `viewer`
 * role only ever reads, even when listed as an owner. A survey that names nobody (a survey file
 * without owners or viewers) is read by every signed-in user and managed by admins. Anyone
 * else has no access, and must not learn that the survey exists (the caller answers 404).
 *
 * @example surveyAccess({ username: 'li', role: 'researcher' }, { owners: ['li'], viewers: [] }) // 'owner'
 */
export function surveyAccess(user: { username: string; role: AccountRole }, sharing: SurveySharing | null): SurveyAccess | null {
  if (user.role === 'admin') return 'owner';
  if (!sharing) return 'viewer';
  const listedAsOwner = sharing.owners.includes(user.username);
  if (listedAsOwner && user.role === 'researcher') return 'owner';
  if (listedAsOwner || sharing.viewers.includes(user.username)) return 'viewer';
  return null;
}
