// Names for the generated types that callers use most. Everything here is derived from generated/openapi.d.ts.
import type { components } from "../generated/openapi.js";

export type { components, operations, paths } from "../generated/openapi.js";

type Schemas = components["schemas"];

/** A message to send: one shape per channel and variant (WhatsApp text or template, email text or HTML, call). */
export type SendMessageRequest = Schemas["SendMessageRequest"];

/** The channels a message can go out on. */
export type MessageChannel = Schemas["MessageChannel"];

/** The response of `POST /messages` as the contract describes it, every channel's fields together. */
export type SendMessageResponse = Schemas["SendMessageResponse"];

/** The result fields Nexor's documentation ties to each channel, as the spec groups them. */
interface SentFieldsByChannel {
  whatsapp: Schemas["WhatsAppSentFields"];
  email: Schemas["EmailSentFields"];
  call: Schemas["CallSentFields"];
}

/** The result of a send on channel `C`: the fields of every send plus those of that channel. */
export type MessageSent<C extends MessageChannel = MessageChannel> = Schemas["MessageSentFields"] &
  SentFieldsByChannel[C] & { channel?: C };
