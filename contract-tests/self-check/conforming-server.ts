// A server that keeps every promise of the contract, judged by the same Ajv validators the checks use: it knows one
// valid key, answers the documented 401 bodies, a 400 {error, message} for an invalid body, and a 200 with the
// response example of the request's variant.

import {
  describeErrors,
  operation,
  requestBodyValidator,
  requestVariants,
  responseExamples,
  validatorAt,
} from "../../test/support/spec.js";
import { operationId } from "../support/cases/plan.js";
import { type Answer, basePath, jsonReply } from "./answering-server.js";

/** The conforming answer for a server whose one valid key is `validKey`. */
export function conformingAnswer(validKey: string): Answer {
  const { path, method } = operation(operationId);
  const unauthorized = responseExamples(operationId, "401");
  const sent = responseExamples(operationId, "200");
  const validate = requestBodyValidator(operationId);
  const variants = requestVariants(operationId);
  return (call) => {
    if (call.path !== `${basePath}${path}` || call.method !== method.toUpperCase()) return jsonReply(404, { error: "Not found" });
    const key = call.headers["x-api-key"];
    if (key === undefined) return jsonReply(401, unauthorized.missing_api_key);
    if (key !== validKey) return jsonReply(401, unauthorized.invalid_api_key);
    let body: unknown;
    try {
      body = JSON.parse(call.body);
    } catch {
      return jsonReply(400, { error: "Validation error", message: "The body is not valid JSON" });
    }
    if (!validate(body)) return jsonReply(400, { error: "Validation error", message: describeErrors(validate.errors)[0] });
    const variant = variants.find(({ pointer }) => validatorAt(pointer)(body))!;
    return jsonReply(200, sent[variant.name]);
  };
}
