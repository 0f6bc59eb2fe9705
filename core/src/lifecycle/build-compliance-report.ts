import { z } from "zod";
import { assertAuthorizedAudited } from "../chat/assert-authorized-audited";
import { workspaceOf } from "../chat/chat-actor";
import { currentTime } from "../chat/deps";
import { parseInput } from "../chat/parse-input";
import type { TMemberActor } from "../rbac/actors";
import type { TResolvedPolicy } from "../retention/default-policy";
import { resolvePolicy } from "../retention/resolve-policy";
import type { TPolicy } from "../schemas/policy";
import { verifyAuditLog } from "../workspace/verify-audit-log";
import type { TLifecycleDeps } from "./deps";
import { recordLifecycleAudit } from "./record-lifecycle-audit";
import { RETENTION_JOB } from "./run-retention";

const DAY_MS = 86_400_000;
/** HIPAA keeps required documentation six years (45 CFR 164.316(b)(2)). */
const HIPAA_RETENTION_DAYS = 6 * 365;
const STALE_OUTBOX_MS = 7 * DAY_MS;
const RETENTION_JOB_STALE_MS = 2 * DAY_MS;
const MAX_IDLE_MINUTES = 30;

/** What the report says it is, and is not. */
export const COMPLIANCE_DISCLAIMER =
  "This report documents how this Tawkster workspace is configured and what it records, as of the time shown. " +
  "It does not certify compliance with the GDPR, the CCPA or HIPAA: that also depends on your organization's " +
  "processes, contracts (such as data processing or business associate agreements) and legal advice.";

/** Whether an item is in place, or something an admin should change or review. */
export type TComplianceStatus = "met" | "needs-attention";

/** One requirement with the workspace's live state. */
export type TComplianceItem = {
  id: string;
  title: string;
  /** The live state, in words ("2FA: 4 of 5 active members"). */
  state: string;
  status: TComplianceStatus;
  /** What to do when it needs attention; null when met. */
  fix: string | null;
};

/** The items under one article or section of a regulation. */
export type TComplianceSection = {
  framework: "GDPR" | "CCPA" | "HIPAA";
  reference: string;
  title: string;
  items: TComplianceItem[];
};

/** A compliance report of one workspace. */
export type TComplianceReport = {
  generatedAt: Date;
  workspaceName: string;
  disclaimer: string;
  sections: TComplianceSection[];
  summary: { met: number; needsAttention: number };
};

/** Input of `buildComplianceReport`. */
export const ZBuildComplianceReportInput = z.object({
  now: z.date(),
  /** The hub's public URL (TAWKSTER_PUBLIC_URL) or null when it serves localhost only. */
  publicUrl: z.url().nullable().default(null),
});

/**
 * Maps GDPR Art. 5(1)(e), 15, 17, 20, 25, 30 and 32, the CCPA rights to know and to delete, and
 * HIPAA 45 CFR 164.312 (a)–(e) to the workspace's live state — resolved retention policies, 2FA
 * coverage, the audit chain's verification, encryption keys, transport, pending plugin deletions —
 * each marked met or needs-attention with the fix. It documents, it does not certify. Admins only;
 * audited.
 *
 * @example await buildComplianceReport(deps, admin, { now: new Date(), publicUrl: config.publicUrl })
 */
export async function buildComplianceReport(
  deps: TLifecycleDeps,
  actor: TMemberActor,
  raw: z.input<typeof ZBuildComplianceReportInput>,
): Promise<TComplianceReport> {
  const workspaceId = workspaceOf(actor);
  await assertAuthorizedAudited(deps, actor, "audit.read", { type: "workspace", workspaceId });
  const input = parseInput(ZBuildComplianceReportInput, raw);
  const now = input.now;
  const scope = deps.store.scoped(workspaceId);
  const [
    workspace,
    policies,
    departments,
    sites,
    members,
    receipts,
    stalePending,
    pending,
    lease,
    chain,
    keyRow,
  ] = await Promise.all([
    deps.store.workspaces.get(workspaceId),
    scope.policies.list(),
    scope.departments.list(),
    scope.sites.list(),
    scope.members.list(),
    scope.erasureReceipts.list({ limit: 1000 }),
    scope.outbox.countPending({ createdBefore: new Date(now.getTime() - STALE_OUTBOX_MS) }),
    scope.outbox.countPending(),
    deps.store.jobLeases.get(RETENTION_JOB),
    verifyAuditLog(deps, actor),
    deps.store.keys.findKeyByOwner(workspaceId, "workspace", null),
  ]);
  const base = resolvePolicy(policies, { departmentId: null, siteId: null });
  const combos = resolveEveryScope(policies, departments, sites);
  const active = members.filter((m) => m.status === "active");
  const withTwoFactor = active.filter((m) => m.twoFactorEnabled);
  const requiredWithout = active.filter(
    (m) => base.twoFactor.requiredRoles.includes(m.role) && !m.twoFactorEnabled,
  );
  const item = (id: string, title: string, state: string, isMet: boolean, fix: string): TComplianceItem => ({
    id,
    title,
    state,
    status: isMet ? "met" : "needs-attention",
    fix: isMet ? null : fix,
  });

  const conversationForever = combos.filter(
    (p) => !p.legalHold && p.retention.conversationDays === null,
  ).length;
  const visitorForever = combos.filter((p) => !p.legalHold && p.retention.visitorDays === null).length;
  const held = describeHolds(policies);
  const days = (n: number | null) => (n === null ? "kept forever" : `${n} days`);
  const retentionConfigured =
    base.retention.conversationDays !== null || base.retention.visitorDays !== null || combos.some(hasPeriod);
  const lastRun = lease?.acquiredAt ?? null;
  const isJobCurrent = lastRun !== null && now.getTime() - lastRun.getTime() <= RETENTION_JOB_STALE_MS;

  const storageLimitation: TComplianceItem[] = [
    item(
      "gdpr.5-1-e.conversations",
      "Conversations are deleted when their retention period ends",
      `Conversation retention: ${days(base.retention.conversationDays)} after last activity (workspace)` +
        `${overrideNote(policies, "conversationDays")}; ${conversationForever} of ${combos.length} department and site combinations keep conversations forever`,
      conversationForever === 0,
      "Set a conversation retention period for the workspace in Settings → Retention, and remove department or site overrides that keep conversations forever.",
    ),
    item(
      "gdpr.5-1-e.visitors",
      "Visitor profiles are deleted when their retention period ends",
      `Visitor retention: ${days(base.retention.visitorDays)} after last visit (workspace); ${visitorForever} of ${combos.length} combinations keep visitors forever`,
      visitorForever === 0,
      "Set a visitor retention period for the workspace in Settings → Retention.",
    ),
    item(
      "gdpr.5-1-e.job",
      "The retention job runs",
      lastRun === null
        ? "The retention job has never run"
        : `The retention job last started ${lastRun.toISOString()}`,
      !retentionConfigured || isJobCurrent,
      "Keep the hub running (the job runs every TAWKSTER_RETENTION_INTERVAL_MINUTES) and check its log for errors.",
    ),
  ];
  if (held !== null) {
    storageLimitation.push(
      item(
        "gdpr.5-1-e.legal-hold",
        "Legal holds are reviewed",
        `Legal hold on: ${held}; nothing under a hold is deleted`,
        false,
        "A hold overrides retention: review each hold and lift it when its legal matter ends.",
      ),
    );
  }

  const erasureState =
    `Erasure by email or visitor id destroys the visitor's key first; ${receipts.length} erasure receipt(s) on record` +
    `${receipts[0] ? `, last ${receipts[0].completedAt.toISOString()}` : ""}; ${pending} plugin deletion request(s) pending, ${stalePending} older than 7 days`;
  const erasureFix =
    "Deletion requests to Slack, Zendesk or WordPress older than 7 days were not delivered: check those connections in Settings → Integrations.";
  const exportState =
    "Admins can export everything held about a visitor (profile, consent, every conversation, audit trail) as JSON and as a readable HTML page; every export is audited";
  const encryptionState =
    keyRow === null
      ? "No workspace data key found"
      : `Encryption at rest: AES-256-GCM envelope encryption of message bodies and visitor email, name and IP under per-visitor data keys, wrapped by the master key (KEK id ${keyRow.kekId})`;
  const twoFactorState = `2FA: ${withTwoFactor.length} of ${active.length} active members; required for ${
    base.twoFactor.requiredRoles.length === 0 ? "no role" : base.twoFactor.requiredRoles.join(", ")
  }`;
  const transport = describeTransport(input.publicUrl);
  const chainState = chain.ok
    ? `Audit chain verified: ${chain.count} events${chain.firstSeq !== null && chain.firstSeq > 1 ? ` from seq ${chain.firstSeq} (older events purged at a recorded checkpoint)` : ""}`
    : `Audit chain broken: ${chain.problem} event at seq ${chain.seq}`;
  const chainFix =
    "The audit log was altered outside Tawkster: restore the database from a backup taken before that event and investigate who had access to it.";
  const auditDays = base.retention.auditDays;

  const sections: TComplianceSection[] = [
    { framework: "GDPR", reference: "Art. 5(1)(e)", title: "Storage limitation", items: storageLimitation },
    {
      framework: "GDPR",
      reference: "Art. 15",
      title: "Right of access",
      items: [item("gdpr.15.export", "Visitors' data can be exported", exportState, true, "")],
    },
    {
      framework: "GDPR",
      reference: "Art. 17",
      title: "Right to erasure",
      items: [
        item("gdpr.17.erasure", "Erasure reaches every copy", erasureState, stalePending === 0, erasureFix),
      ],
    },
    {
      framework: "GDPR",
      reference: "Art. 20",
      title: "Right to data portability",
      items: [
        item(
          "gdpr.20.format",
          "Exports are machine-readable",
          "Exports are JSON documents (format tawkster.visitor-export, version 1) with a published schema",
          true,
          "",
        ),
      ],
    },
    {
      framework: "GDPR",
      reference: "Art. 25",
      title: "Data protection by design and by default",
      items: [
        item(
          "gdpr.25.redaction",
          "Personal data in messages is masked",
          `PII redaction: ${base.redaction.mode}; ${combos.filter((p) => p.redaction.mode === "off").length} of ${combos.length} combinations have it off`,
          combos.every((p) => p.redaction.mode !== "off") && base.redaction.mode !== "off",
          "Turn PII redaction on (mask on display, or before storage) in Settings → Privacy.",
        ),
        item(
          "gdpr.25.ip",
          "Visitor IP addresses are minimized",
          `IP handling: ${base.ipHandling === "anonymize" ? "anonymized (IPv4 /24, IPv6 /48)" : "not stored"}`,
          true,
          "",
        ),
        item(
          "gdpr.25.consent",
          "Functional cookies wait for consent",
          `${sites.filter((s) => s.consentMode === "functional-with-consent").length} site(s) ask before functional cookies, ${
            sites.filter((s) => s.consentMode === "essential").length
          } use essential cookies only`,
          true,
          "",
        ),
      ],
    },
    {
      framework: "GDPR",
      reference: "Art. 30",
      title: "Records of processing activities",
      items: [item("gdpr.30.audit", "Processing is on record", chainState, chain.ok, chainFix)],
    },
    {
      framework: "GDPR",
      reference: "Art. 32",
      title: "Security of processing",
      items: [
        item(
          "gdpr.32.encryption",
          "Data is encrypted at rest",
          encryptionState,
          keyRow !== null,
          "Run first-run setup again.",
        ),
        item(
          "gdpr.32.2fa",
          "Second factor where required",
          twoFactorState,
          requiredWithout.length === 0,
          `${requiredWithout.length} member(s) in roles that require 2FA have not enrolled: ask them to enrol in their profile.`,
        ),
        item(
          "gdpr.32.transport",
          "Data is encrypted in transit",
          transport.state,
          transport.isMet,
          transport.fix,
        ),
      ],
    },
    {
      framework: "CCPA",
      reference: "Cal. Civ. Code § 1798.110",
      title: "Right to know",
      items: [item("ccpa.know.export", "Consumers' data can be disclosed", exportState, true, "")],
    },
    {
      framework: "CCPA",
      reference: "Cal. Civ. Code § 1798.105",
      title: "Right to delete",
      items: [
        item(
          "ccpa.delete.erasure",
          "Deletion reaches every copy",
          erasureState,
          stalePending === 0,
          erasureFix,
        ),
      ],
    },
    {
      framework: "HIPAA",
      reference: "45 CFR 164.312(a)",
      title: "Access control",
      items: [
        item(
          "hipaa.a.users",
          "Unique user identification and role-based access",
          `${active.length} active member(s), each with their own account; roles: ${countRoles(active)}`,
          true,
          "",
        ),
        item(
          "hipaa.a.logoff",
          "Automatic logoff",
          `Sessions end after ${base.sessions.idleMinutes} idle minutes and ${base.sessions.maxAgeHours} hours at most`,
          base.sessions.idleMinutes <= MAX_IDLE_MINUTES,
          `Set the idle timeout to ${MAX_IDLE_MINUTES} minutes or less in Settings → Security.`,
        ),
        item(
          "hipaa.a.encryption",
          "Encryption and decryption",
          encryptionState,
          keyRow !== null,
          "Run first-run setup again.",
        ),
      ],
    },
    {
      framework: "HIPAA",
      reference: "45 CFR 164.312(b)",
      title: "Audit controls",
      items: [
        item(
          "hipaa.b.audit",
          "Activity is recorded and kept",
          `Sign-ins, transcript reads, settings changes, exports and erasures are audited; audit events are ${
            auditDays === null ? "kept forever" : `kept ${auditDays} days`
          }`,
          auditDays === null || auditDays >= HIPAA_RETENTION_DAYS,
          `HIPAA documentation is kept six years: set audit retention to at least ${HIPAA_RETENTION_DAYS} days, or keep audit events forever.`,
        ),
      ],
    },
    {
      framework: "HIPAA",
      reference: "45 CFR 164.312(c)",
      title: "Integrity",
      items: [
        item(
          "hipaa.c.integrity",
          "Alteration is detectable",
          `${chainState}; every stored message is authenticated (AES-GCM), so an altered one fails to decrypt`,
          chain.ok,
          chainFix,
        ),
      ],
    },
    {
      framework: "HIPAA",
      reference: "45 CFR 164.312(d)",
      title: "Person or entity authentication",
      items: [
        item(
          "hipaa.d.2fa",
          "Every member signs in with a second factor",
          twoFactorState,
          active.length > 0 && withTwoFactor.length === active.length,
          `${active.length - withTwoFactor.length} active member(s) sign in without a second factor: require 2FA for every role in Settings → Security.`,
        ),
      ],
    },
    {
      framework: "HIPAA",
      reference: "45 CFR 164.312(e)",
      title: "Transmission security",
      items: [
        item(
          "hipaa.e.transport",
          "Data is encrypted in transit",
          transport.state,
          transport.isMet,
          transport.fix,
        ),
      ],
    },
  ];
  const all = sections.flatMap((s) => s.items);
  const report: TComplianceReport = {
    generatedAt: now,
    workspaceName: workspace?.name ?? "",
    disclaimer: COMPLIANCE_DISCLAIMER,
    sections,
    summary: {
      met: all.filter((i) => i.status === "met").length,
      needsAttention: all.filter((i) => i.status === "needs-attention").length,
    },
  };
  await recordLifecycleAudit(deps, {
    workspaceId,
    actor: { type: "member", id: actor.memberId },
    action: "compliance-report.build",
    resource: { type: "workspace", id: workspaceId },
    at: currentTime(deps),
    details: { metCount: report.summary.met, needsAttentionCount: report.summary.needsAttention },
  });
  return report;
}

/** The policy of every department × site pair (and of each alone), since overrides combine per pair. */
function resolveEveryScope(
  policies: readonly TPolicy[],
  departments: readonly { id: string }[],
  sites: readonly { id: string }[],
): TResolvedPolicy[] {
  const departmentIds = departments.length === 0 ? [null] : departments.map((d) => d.id);
  const siteIds = sites.length === 0 ? [null] : sites.map((s) => s.id);
  return departmentIds.flatMap((departmentId) =>
    siteIds.map((siteId) => resolvePolicy(policies, { departmentId, siteId })),
  );
}

function hasPeriod(policy: TResolvedPolicy): boolean {
  return policy.retention.conversationDays !== null || policy.retention.visitorDays !== null;
}

function overrideNote(policies: readonly TPolicy[], field: "conversationDays" | "visitorDays"): string {
  const overrides = policies.filter(
    (p) => p.scope.type !== "workspace" && p.settings.retention?.[field] !== undefined,
  );
  return overrides.length === 0 ? "" : `, overridden by ${overrides.length} department or site policy(ies)`;
}

function describeHolds(policies: readonly TPolicy[]): string | null {
  const holds = policies.filter((p) => p.settings.legalHold === true);
  if (holds.length === 0) return null;
  const count = (type: string) => holds.filter((p) => p.scope.type === type).length;
  const parts = [
    count("workspace") > 0 ? "the whole workspace" : null,
    count("department") > 0 ? `${count("department")} department(s)` : null,
    count("site") > 0 ? `${count("site")} site(s)` : null,
  ];
  return parts.filter((p) => p !== null).join(", ");
}

function describeTransport(publicUrl: string | null): { state: string; isMet: boolean; fix: string } {
  const fix =
    "Serve the hub behind TLS and set TAWKSTER_PUBLIC_URL to its https:// address (HSTS and secure cookies follow).";
  if (publicUrl === null) {
    return { state: "Transport: localhost only (no public URL configured)", isMet: false, fix };
  }
  const isHttps = publicUrl.startsWith("https://");
  return {
    state: `Transport: public URL ${publicUrl} (${isHttps ? "HTTPS, with HSTS and secure cookies" : "plain HTTP"})`,
    isMet: isHttps,
    fix,
  };
}

function countRoles(members: readonly { role: string }[]): string {
  const roles = ["admin", "manager", "agent"].map(
    (role) => `${members.filter((m) => m.role === role).length} ${role}(s)`,
  );
  return roles.join(", ");
}
