import { existsSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { MASTER_KEY_FILE } from "@tawkster/core/config";
import { computeKekId, createKeyring, generateMasterKey, rotateKek } from "@tawkster/core/crypto";
import { z } from "zod";
import { openCliContext, resolveActingAdmin, type TCliContext } from "../cli-context";
import { AS_FLAG_HELP, type TCliIo, type TCommand, ZAsFlag } from "../command";
import {
  choosePreviousKeyPath,
  readKeyFile,
  writeKeyFileAtomically,
  writeKeyFileExclusively,
} from "../key-files";
import { parseOptions } from "../parse-options";

const ZKeysRotateOptions = z.object({ as: ZAsFlag, rewrapOnly: z.boolean().optional() });

/** Where the new key waits while data keys are re-wrapped, so an interrupted rotation resumes with it. */
const PENDING_SUFFIX = ".next";

/** `tawkster keys rotate`: a new master key, every data key re-wrapped under it. */
export const keysRotateCommand: TCommand = {
  name: "keys rotate",
  summary: "generate a new master key and re-wrap every data key under it",
  help: [
    "Usage: tawkster keys rotate [--rewrap-only] [--as EMAIL]",
    "",
    "Generates a new master key and re-wraps every data key with it, in batches; no message is",
    "rewritten. Stop the hub first, or run it with both keys, and restart it afterwards.",
    "",
    `Key in <data dir>/${MASTER_KEY_FILE}: the new key is written there atomically and the old one`,
    `kept as ${MASTER_KEY_FILE}.previous-<date> (mode 0600). An interrupted rotation resumes with the`,
    `new key saved in ${MASTER_KEY_FILE}${PENDING_SUFFIX}.`,
    "Key in TAWKSTER_MASTER_KEY: the new key is printed once, with the variables to set.",
    "Either way, agents sign in again and visitors start new chat sessions (their tokens are",
    "signed with keys derived from the master key); stored chats stay readable.",
    "",
    "  --rewrap-only           generate nothing: re-wrap every data key under the current",
    "                          TAWKSTER_MASTER_KEY (deployed with the old one in",
    "                          TAWKSTER_PREVIOUS_MASTER_KEYS), for a rotation without downtime",
    AS_FLAG_HELP,
  ].join("\n"),
  async run(argv, io) {
    const options = parseOptions(
      argv,
      { as: { type: "string" }, "rewrap-only": { type: "boolean" } },
      ZKeysRotateOptions,
    );
    const context = await openCliContext(io, { isSetup: false });
    try {
      const admin = await resolveActingAdmin(context.store, options.as);
      const oldKey = context.masterKeys.current;
      let rotation: TRotation;
      if (options.rewrapOnly) rotation = await rewrapUnderCurrent(context);
      else if (context.masterKeys.source === "env") rotation = await rotateEnvKey(context, io);
      else rotation = await rotateFileKey(context, io);
      await context.store.scoped(admin.workspaceId).audit.append({
        actor: { type: "member", id: admin.memberId },
        action: "keys.rotate",
        resource: { type: "master-key", id: rotation.kekId },
        outcome: "success",
        details: {
          via: "cli",
          keySource: options.rewrapOnly ? "rewrap-only" : context.masterKeys.source,
          previousKekId: options.rewrapOnly ? null : computeKekId(oldKey),
          rewrapped: rotation.rewrapped,
        },
      });
      io.stdout(`Re-wrapped ${rotation.rewrapped} data keys under master key ${rotation.kekId}.`);
      for (const line of rotation.nextSteps) io.stdout(line);
      return 0;
    } finally {
      await context.close();
    }
  },
};

type TRotation = { kekId: string; rewrapped: number; nextSteps: string[] };

async function rewrap(context: TCliContext, newKey: Buffer): Promise<TRotation> {
  const { current, previous } = context.masterKeys;
  const keyring = createKeyring(newKey, [current, ...previous]);
  const { rewrapped } = await rotateKek({ keys: context.store.keys, keyring });
  return { kekId: keyring.current.id, rewrapped, nextSteps: [] };
}

async function rewrapUnderCurrent(context: TCliContext): Promise<TRotation> {
  const rotation = await rewrap(context, context.masterKeys.current);
  const hasPrevious = context.masterKeys.previous.length > 0;
  rotation.nextSteps.push(
    hasPrevious
      ? "Every data key is now under the current key: remove TAWKSTER_PREVIOUS_MASTER_KEYS and restart the hub."
      : "Nothing was wrapped by another key (TAWKSTER_PREVIOUS_MASTER_KEYS is empty).",
  );
  return rotation;
}

async function rotateFileKey(context: TCliContext, io: TCliIo): Promise<TRotation> {
  const keyPath = join(context.config.dataDir, MASTER_KEY_FILE);
  const pendingPath = `${keyPath}${PENDING_SUFFIX}`;
  // The new key is on disk before any data key depends on it: a crash mid-way loses nothing.
  let newKey: Buffer;
  if (existsSync(pendingPath)) {
    newKey = readKeyFile(pendingPath);
    io.stderr(`Resuming the interrupted rotation with the key in ${pendingPath}.`);
  } else {
    newKey = generateMasterKey();
    writeKeyFileAtomically(pendingPath, newKey);
  }
  const rotation = await rewrap(context, newKey);
  const previousPath = choosePreviousKeyPath(keyPath, new Date());
  writeKeyFileExclusively(previousPath, context.masterKeys.current);
  writeKeyFileAtomically(keyPath, newKey);
  unlinkSync(pendingPath);
  rotation.nextSteps.push(
    `The new master key is in ${keyPath}; the old one is kept in ${previousPath}.`,
    "Back up the new key now (apart from the database), then restart the hub.",
    `Delete ${previousPath} once no backup you may restore needs it.`,
  );
  return rotation;
}

async function rotateEnvKey(context: TCliContext, io: TCliIo): Promise<TRotation> {
  const newKey = generateMasterKey();
  // Printed before anything depends on it, so even an interrupted run leaves the operator the key.
  io.stdout("New master key (shown only now; store it in your secret manager before going on):");
  io.stdout(`  ${newKey.toString("base64")}`);
  const rotation = await rewrap(context, newKey);
  const previous = [context.masterKeys.current, ...context.masterKeys.previous].map((k) =>
    k.toString("base64"),
  );
  rotation.nextSteps.push(
    "Set these variables for every hub instance (and the CLI), then restart them:",
    `  TAWKSTER_MASTER_KEY=${newKey.toString("base64")}`,
    `  TAWKSTER_PREVIOUS_MASTER_KEYS=${previous.join(",")}`,
    "Remove TAWKSTER_PREVIOUS_MASTER_KEYS once every instance runs with the new key.",
  );
  return rotation;
}
