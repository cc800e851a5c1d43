// Names for the generated types that callers use most. Everything here is derived from generated/.

import type { SendMessageResult } from "../generated/methods.js";
import type { components } from "../generated/openapi.js";

export type * from "../generated/methods.js";
export type { components, operations, paths, webhooks } from "../generated/openapi.js";

type Schemas = components["schemas"];

/** A message to send: one shape per channel and variant (WhatsApp text or template, email text or HTML, call). */
export type SendMessageRequest = Schemas["SendMessageRequest"];

/** The channels a message can go out on. */
export type MessageChannel = Schemas["MessageChannel"];

/** The response of `POST /messages` as the contract describes it, every channel's fields together. */
export type SendMessageResponse = Schemas["SendMessageResponse"];

/** The result of a send on channel `C`: the fields of every send plus those of that channel. */
export type MessageSent<C extends MessageChannel = MessageChannel> = SendMessageResult<C>;
