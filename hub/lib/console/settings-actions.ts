"use server";
import { revokeMemberSessions } from "@tawkster/core/auth";
import { type TPolicyScope, type TPolicySettings, ZPiiKind, ZRole } from "@tawkster/core/schemas";
import {
  addDepartment,
  addMember,
  addSite,
  deactivateMember,
  putPolicy,
  renameDepartment,
  revealSiteSecret,
  rotateSiteSecret,
  updateMember,
  updateSite,
} from "@tawkster/core/workspace";
import { revalidatePath } from "next/cache";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { authDepsOf } from "../auth/auth-deps";
import { getHub } from "../runtime";
import { toFriendlyMessage } from "./errors";
import { formFields, type TFormState } from "./form-state";
import { getActionSession } from "./session";

// The admins' settings actions, for forms (useActionState). Each parses its form with zod,
// resolves the member from the session, lets core authorize, change and audit, and answers a
// message to show; the settings page is re-rendered with what is now stored.

async function settle(path: string, work: () => Promise<TFormState>): Promise<TFormState> {
  try {
    const state = await work();
    revalidatePath(path);
    return state;
  } catch (error) {
    unstable_rethrow(error);
    return { status: "error", message: toFriendlyMessage(error) };
  }
}

const ZDepartmentIds = z.array(z.uuid()).max(500);

const ZInviteForm = z.object({
  email: z.string().trim().max(254),
  name: z.string().max(200),
  role: ZRole,
  departmentIds: ZDepartmentIds,
});

/** Invites a member: they sign in once they have set a password (`tawkster member set-password`). */
export async function inviteMemberAction(_: TFormState, formData: FormData): Promise<TFormState> {
  return settle("/console/settings/members", async () => {
    const input = ZInviteForm.parse(formFields(formData, ["departmentIds"]));
    const { actor } = await getActionSession();
    const member = await addMember(getHub(), actor, { ...input, passwordHash: null });
    return { status: "ok", message: `${member.name} was invited as ${member.role}.` };
  });
}

const ZUpdateMemberForm = z.object({ memberId: z.uuid(), role: ZRole, departmentIds: ZDepartmentIds });

/** Changes a member's role and departments. */
export async function updateMemberAction(_: TFormState, formData: FormData): Promise<TFormState> {
  return settle("/console/settings/members", async () => {
    const input = ZUpdateMemberForm.parse(formFields(formData, ["departmentIds"]));
    const { actor } = await getActionSession();
    const member = await updateMember(getHub(), actor, input);
    return { status: "ok", message: `Saved ${member.name}.` };
  });
}

/** Deactivates a member: their sessions end and their conversations go back to the queue. */
export async function deactivateMemberAction(_: TFormState, formData: FormData): Promise<TFormState> {
  return settle("/console/settings/members", async () => {
    const input = z.object({ memberId: z.uuid() }).parse(formFields(formData));
    const { actor } = await getActionSession();
    const member = await deactivateMember(getHub(), actor, input);
    return { status: "ok", message: `${member.name} was deactivated.` };
  });
}

/** Remote wipe: ends every session of a member at once (their devices are signed out). */
export async function revokeMemberSessionsAction(_: TFormState, formData: FormData): Promise<TFormState> {
  return settle("/console/settings/members", async () => {
    const input = z.object({ memberId: z.uuid() }).parse(formFields(formData));
    const { actor } = await getActionSession();
    const revoked = await revokeMemberSessions(authDepsOf(getHub()), actor, input.memberId);
    return { status: "ok", message: `Signed out of ${revoked} session${revoked === 1 ? "" : "s"}.` };
  });
}

/** Adds a department. */
export async function addDepartmentAction(_: TFormState, formData: FormData): Promise<TFormState> {
  return settle("/console/settings/departments", async () => {
    const input = z.object({ name: z.string().max(200) }).parse(formFields(formData));
    const { actor } = await getActionSession();
    const department = await addDepartment(getHub(), actor, input);
    return { status: "ok", message: `Added ${department.name}.` };
  });
}

/** Renames a department. */
export async function renameDepartmentAction(_: TFormState, formData: FormData): Promise<TFormState> {
  return settle("/console/settings/departments", async () => {
    const input = z.object({ departmentId: z.uuid(), name: z.string().max(200) }).parse(formFields(formData));
    const { actor } = await getActionSession();
    const department = await renameDepartment(getHub(), actor, input);
    return { status: "ok", message: `Renamed to ${department.name}.` };
  });
}

/** Domains typed one per line (or separated by commas or spaces). */
const ZDomainList = z
  .string()
  .max(20_000)
  .transform((text) => text.split(/[\s,]+/).filter((d) => d.length > 0));

const ZAddSiteForm = z.object({
  name: z.string().max(200),
  allowedDomains: ZDomainList,
  defaultDepartmentId: z.union([z.uuid(), z.literal("")]).transform((v) => (v === "" ? null : v)),
});

/** Adds a site; its identity secret is shown once in the answer. */
export async function addSiteAction(_: TFormState, formData: FormData): Promise<TFormState> {
  return settle("/console/settings/sites", async () => {
    const input = ZAddSiteForm.parse(formFields(formData));
    const { actor } = await getActionSession();
    const { site, identitySecret } = await addSite(getHub(), actor, input);
    return {
      status: "ok",
      message: `Added ${site.name}. Its identity-verification secret is below: store it in your site's server configuration.`,
      secret: identitySecret,
    };
  });
}

/** Replaces a site's allowed domains. */
export async function updateSiteDomainsAction(_: TFormState, formData: FormData): Promise<TFormState> {
  return settle("/console/settings/sites", async () => {
    const input = z.object({ siteId: z.uuid(), allowedDomains: ZDomainList }).parse(formFields(formData));
    const { actor } = await getActionSession();
    const site = await updateSite(getHub(), actor, input);
    return { status: "ok", message: `Saved the domains of ${site.name}.` };
  });
}

/** Shows a site's identity secret (audited by core). */
export async function revealSiteSecretAction(_: TFormState, formData: FormData): Promise<TFormState> {
  try {
    const input = z.object({ siteId: z.uuid() }).parse(formFields(formData));
    const { actor } = await getActionSession();
    const { identitySecret } = await revealSiteSecret(getHub(), actor, input);
    return { status: "ok", message: "The identity-verification secret:", secret: identitySecret };
  } catch (error) {
    unstable_rethrow(error);
    return { status: "error", message: toFriendlyMessage(error) };
  }
}

/** Replaces a site's identity secret (audited by core); the old one stops verifying at once. */
export async function rotateSiteSecretAction(_: TFormState, formData: FormData): Promise<TFormState> {
  try {
    const input = z.object({ siteId: z.uuid() }).parse(formFields(formData));
    const { actor } = await getActionSession();
    const { identitySecret } = await rotateSiteSecret(getHub(), actor, input);
    return {
      status: "ok",
      message: "Rotated. The new secret (the old one no longer verifies):",
      secret: identitySecret,
    };
  } catch (error) {
    unstable_rethrow(error);
    return { status: "error", message: toFriendlyMessage(error) };
  }
}

const ZOptionalNumber = z
  .string()
  .trim()
  .max(10)
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === "") return undefined;
    const n = Number(v);
    if (!Number.isInteger(n)) {
      ctx.addIssue({ code: "custom", message: "must be a whole number" });
      return z.NEVER;
    }
    return n;
  });
const ZTriState = z.enum(["inherit", "on", "off"]).catch("inherit");

const ZPolicyForm = z.object({
  scopeType: z.enum(["workspace", "department", "site"]),
  scopeId: z.string().max(200).optional(),
  conversationDays: ZOptionalNumber,
  visitorDays: ZOptionalNumber,
  auditDays: ZOptionalNumber,
  conversationDaysForever: z.string().optional(),
  visitorDaysForever: z.string().optional(),
  auditDaysForever: z.string().optional(),
  legalHold: ZTriState,
  redactionMode: z.enum(["inherit", "off", "mask-before-storage", "mask-on-display"]).catch("inherit"),
  ...Object.fromEntries(ZPiiKind.options.map((kind) => [`rule_${kind}`, ZTriState])),
  ipHandling: z.enum(["inherit", "anonymize", "none"]).catch("inherit"),
  twoFactorMode: z.enum(["inherit", "custom"]).catch("inherit"),
  twoFactorRoles: z.array(ZRole),
  idleMinutes: ZOptionalNumber,
  maxAgeHours: ZOptionalNumber,
});

/** The settings a policy form describes: blank or "inherit" leaves the field to the wider scope. */
function toPolicySettings(form: z.infer<typeof ZPolicyForm>): TPolicySettings {
  const settings: TPolicySettings = {};
  const retention: NonNullable<TPolicySettings["retention"]> = {};
  for (const field of ["conversationDays", "visitorDays", "auditDays"] as const) {
    if (form[`${field}Forever`] !== undefined) retention[field] = null;
    else if (form[field] !== undefined) retention[field] = form[field];
  }
  if (Object.keys(retention).length > 0) settings.retention = retention;
  if (form.legalHold !== "inherit") settings.legalHold = form.legalHold === "on";
  const rules: Record<string, boolean> = {};
  for (const kind of ZPiiKind.options) {
    const value = (form as Record<string, unknown>)[`rule_${kind}`];
    if (value === "on" || value === "off") rules[kind] = value === "on";
  }
  if (form.redactionMode !== "inherit" || Object.keys(rules).length > 0) {
    settings.redaction = {
      ...(form.redactionMode !== "inherit" && { mode: form.redactionMode }),
      ...(Object.keys(rules).length > 0 && { rules }),
    };
  }
  if (form.ipHandling !== "inherit") settings.ipHandling = form.ipHandling;
  if (form.twoFactorMode === "custom") settings.twoFactor = { requiredRoles: form.twoFactorRoles };
  if (form.idleMinutes !== undefined || form.maxAgeHours !== undefined) {
    settings.sessions = {
      ...(form.idleMinutes !== undefined && { idleMinutes: form.idleMinutes }),
      ...(form.maxAgeHours !== undefined && { maxAgeHours: form.maxAgeHours }),
    };
  }
  return settings;
}

/** Replaces one scope's policy with what its form says. */
export async function putPolicyAction(_: TFormState, formData: FormData): Promise<TFormState> {
  return settle("/console/settings/policies", async () => {
    const form = ZPolicyForm.parse(formFields(formData, ["twoFactorRoles"]));
    const scope: TPolicyScope =
      form.scopeType === "workspace"
        ? { type: "workspace" }
        : { type: form.scopeType, id: z.uuid().parse(form.scopeId) };
    const { actor } = await getActionSession();
    await putPolicy(getHub(), actor, scope, toPolicySettings(form));
    return { status: "ok", message: "Policy saved." };
  });
}
