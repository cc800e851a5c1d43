// Every check, in the order a report lists them. The runner applies all of them to every response.
import { clientConformance } from "./client-conformance.js";
import { contentTypeConformance } from "./content-type-conformance.js";
import { negativeDataRejection, positiveDataAcceptance } from "./data-acceptance.js";
import { ignoredAuth } from "./ignored-auth.js";
import { mockViolations } from "./mock-violations.js";
import { notAServerError } from "./not-a-server-error.js";
import { responseHeadersConformance } from "./response-headers-conformance.js";
import { responseSchemaConformance } from "./response-schema-conformance.js";
import { statusCodeConformance } from "./status-code-conformance.js";
import type { Check, CheckName } from "./types.js";

/** The checks by name. */
export const checks: Readonly<Record<CheckName, Check>> = {
  not_a_server_error: notAServerError,
  status_code_conformance: statusCodeConformance,
  content_type_conformance: contentTypeConformance,
  response_headers_conformance: responseHeadersConformance,
  response_schema_conformance: responseSchemaConformance,
  positive_data_acceptance: positiveDataAcceptance,
  negative_data_rejection: negativeDataRejection,
  ignored_auth: ignoredAuth,
  mock_violations: mockViolations,
  client_conformance: clientConformance,
};

/** The names of every check. */
export const checkNames = Object.keys(checks) as CheckName[];
