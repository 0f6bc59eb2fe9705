import { AppError } from "../../errors/app-error";
import type { TotpStepRepo } from "../port";
import type { SqlDriver } from "./driver";
import { guard } from "./guard";

function assertStep(step: number | null): void {
  if (step !== null && (!Number.isSafeInteger(step) || step < 0)) {
    throw new AppError("request.invalid", "A TOTP step must be a non-negative integer.");
  }
}

/** The last used TOTP step of one workspace's members (column members.totp_last_step). */
export function createTotpStepRepo(db: SqlDriver, workspaceId: string): TotpStepRepo {
  return {
    lastStep: (memberId) =>
      guard("totpStep.get", async () => {
        const row = await db.get<{ totp_last_step: unknown }>(
          "SELECT totp_last_step FROM members WHERE workspace_id = ? AND id = ?",
          [workspaceId, memberId],
        );
        return row?.totp_last_step === null || row?.totp_last_step === undefined
          ? null
          : Number(row.totp_last_step);
      }),
    claim: (memberId, step) =>
      guard("totpStep.claim", async () => {
        assertStep(step);
        // One conditional UPDATE: of two sign-ins racing with the same code, only one changes the row.
        const result = await db.run(
          "UPDATE members SET totp_last_step = ? WHERE workspace_id = ? AND id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)",
          [step, workspaceId, memberId, step],
        );
        return result.changes > 0;
      }),
    reset: (memberId, step) =>
      guard("totpStep.reset", async () => {
        assertStep(step);
        await db.run("UPDATE members SET totp_last_step = ? WHERE workspace_id = ? AND id = ?", [
          step,
          workspaceId,
          memberId,
        ]);
      }),
  };
}
