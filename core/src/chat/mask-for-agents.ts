import { maskPii } from "../privacy/mask-pii";
import type { TResolvedPolicy } from "../retention/default-policy";
import type { TMessage } from "../schemas/message";

/** Messages as the agent side may see them: PII masked when the policy masks on display (the stored text stays intact). */
export function maskForAgents<T extends Pick<TMessage, "body">>(
  messages: readonly T[],
  policy: TResolvedPolicy,
): T[] {
  if (policy.redaction.mode !== "mask-on-display") return [...messages];
  const options = { rules: policy.redaction.rules };
  return messages.map((m) => ({ ...m, body: maskPii(m.body, options).text }));
}
