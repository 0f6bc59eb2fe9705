import type { TMemberRow } from "../port";
import type { SqlDriver } from "./driver";
import { guard } from "./guard";
import { createMemberRepo } from "./repo-members";

/**
 * Every member with this email in any workspace, oldest first. Unscoped on purpose and only for
 * sign-in, which starts from an email before any workspace is known; each row is then read
 * through its own workspace's repository.
 */
export function findMembersByEmail(db: SqlDriver, email: string): Promise<TMemberRow[]> {
  return guard("member.findByEmailUnscoped", async () => {
    const rows = await db.all<{ workspace_id: unknown; id: unknown }>(
      "SELECT workspace_id, id FROM members WHERE email = ? ORDER BY created_at, id",
      [email.trim().toLowerCase()],
    );
    const members: TMemberRow[] = [];
    for (const row of rows) {
      const member = await createMemberRepo(db, String(row.workspace_id)).get(String(row.id));
      if (member) members.push(member);
    }
    return members;
  });
}
