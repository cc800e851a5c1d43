// The spec's own named examples for POST /messages, typed, so client tests send exactly what the contract shows.

import { requestExamples, responseExamples } from "../../contract-tests/support/spec.js";
import type { SendMessageRequest } from "../../src/index.js";

/** Request examples by name: whatsapp_text, whatsapp_template, email, email_html, call. */
export const requests = requestExamples("sendMessage") as Record<string, SendMessageRequest>;

/** The 200 response example of the same name as each request example. */
export const responses = responseExamples("sendMessage", "200") as Record<string, Record<string, unknown>>;

/** A valid call request, the smallest message there is. */
export const call = requests.call as SendMessageRequest & { channel: "call" };

/** A key that is easy to search for in output. */
export const API_KEY = "nxr_live_TESTKEY_9f8e7d6c5b4a39281706";
