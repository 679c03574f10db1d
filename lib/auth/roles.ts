import type { AuthConfig, Role, RoleRule } from './config';
import type { Identity } from './identity';

/**
 * Roles follow from the identity: ROLE_EDITORS, ROLE_REVIEWERS and ROLE_ADMINS list groups
 * (`group:store-reviewers`) and people (e-mail addresses or user names, any case). Every
 * signed-in person is an editor unless ROLE_EDITORS says otherwise; in AUTH_MODE=none the
 * local user has every role.
 */

export type RoleReason = { role: Role; because: string };

function matches(rule: RoleRule, identity: Identity): string | undefined {
  if (rule.kind === 'everyone') return 'everyone (*)';
  if (rule.kind === 'group') return identity.groups.includes(rule.value) ? `group:${rule.value}` : undefined;
  const names = [identity.id.toLowerCase(), identity.email?.toLowerCase()].filter(Boolean);
  return names.includes(rule.value) ? rule.value : undefined;
}

/** The person's roles, each with the rule that gave it (what /whoami shows). */
export function rolesWithReasons(identity: Identity, config: AuthConfig): RoleReason[] {
  if (config.mode === 'none') return [
    { role: 'editor', because: 'local mode' },
    { role: 'reviewer', because: 'local mode' },
    { role: 'admin', because: 'local mode' },
  ];
  const reasons: RoleReason[] = [];
  const editorRules = config.roles.editor;
  if (editorRules === undefined) reasons.push({ role: 'editor', because: 'every signed-in person (ROLE_EDITORS is not set)' });
  else {
    const rule = editorRules.map((r) => matches(r, identity)).find(Boolean);
    if (rule) reasons.push({ role: 'editor', because: `ROLE_EDITORS: ${rule}` });
  }
  const reviewer = config.roles.reviewer.map((r) => matches(r, identity)).find(Boolean);
  if (reviewer) reasons.push({ role: 'reviewer', because: `ROLE_REVIEWERS: ${reviewer}` });
  const admin = config.roles.admin.map((r) => matches(r, identity)).find(Boolean);
  if (admin) reasons.push({ role: 'admin', because: `ROLE_ADMINS: ${admin}` });
  return reasons;
}

export function rolesFor(identity: Identity, config: AuthConfig): Role[] {
  return rolesWithReasons(identity, config).map((reason) => reason.role);
}

/** What each role lets a person do, in the words the UI uses when it says why not. */
export const ROLE_DUTIES: Record<Role, string> = {
  editor: 'fill in the registration and send it to Banqup',
  reviewer: 'sign off or request changes',
  admin: 'record Banqup’s decision, manage review links and see the connection',
};
