export { assertAuthorizedAudited } from "./assert-authorized-audited";
export {
  assignConversation,
  type TAssignConversationInput,
  ZAssignConversationInput,
} from "./assign-conversation";
export type { TChatActor } from "./chat-actor";
export {
  claimConversation,
  type TClaimConversationInput,
  ZClaimConversationInput,
} from "./claim-conversation";
export {
  closeConversation,
  type TCloseConversationInput,
  ZCloseConversationInput,
} from "./close-conversation";
export * from "./conversation-stats";
export type { TChatDeps } from "./deps";
export * from "./get-conversation-visitor";
export * from "./list-conversations";
export * from "./list-messages";
export * from "./list-own-conversations";
export { markRead, type TMarkReadInput, ZMarkReadInput } from "./mark-read";
export * from "./mask-for-agents";
export * from "./resolve-visitor";
export { sendMessage, type TSendMessageInput, ZSendMessageInput } from "./send-message";
export * from "./start-conversation";
export * from "./transfer-conversation";
