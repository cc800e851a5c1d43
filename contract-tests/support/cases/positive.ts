// Bodies the contract allows: every request example in the spec, and seeded bodies json-schema-faker generates
// from each branch of the request schema, each checked with Ajv before it is used.
import { createGeneratorSync } from "json-schema-faker";
import { describeErrors, requestBodyValidator, requestExamples, requestVariants, spec, validatorAt } from "../../../test/support/spec.js";
import type { ContractCase } from "./contract-case.js";

/** A valid request body and the request variant (oneOf branch) it belongs to. */
export interface ValidBody {
  variant: string;
  body: Record<string, unknown>;
}

/** The spec's request examples, each under its own name. */
export function exampleBodies(operationId: string): ValidBody[] {
  const examples = requestExamples(operationId);
  return requestVariants(operationId).map(({ name }) => ({ variant: name, body: examples[name] as Record<string, unknown> }));
}

/**
 * `count` generated bodies per request variant. json-schema-faker draws `format: uuid` ids as valid UUIDs; a body
 * that still fails Ajv, or fits another variant, stops the run with the seed that produced it, since it would be
 * the generator's bug reported as the server's.
 */
export function generatedBodies(operationId: string, seed: number, count: number): ValidBody[] {
  // Past maxDepth json-schema-faker ignores constraints (a template parameter's `type` came out "" at the default 5).
  const generator = createGeneratorSync({ seed, maxDepth: 10 });
  const validate = requestBodyValidator(operationId);
  return requestVariants(operationId).flatMap(({ name, pointer, schema }) =>
    Array.from({ length: count }, () => {
      // The branch's `#/components/...` references resolve against the components handed along with it.
      const body = generator.generate({ ...schema, components: spec.components }) as Record<string, unknown>;
      const fitsVariant = validatorAt(pointer);
      if (!fitsVariant(body) || !validate(body)) {
        const errors = describeErrors(fitsVariant.errors ?? validate.errors).join("; ");
        throw new Error(`json-schema-faker made an invalid ${name} body with seed ${seed}: ${JSON.stringify(body)} (${errors})`);
      }
      return { variant: name, body };
    }),
  );
}

/** Positive cases: each body sent with a valid key, expecting a 2xx. */
export function positiveCases(examples: ValidBody[], generated: ValidBody[]): ContractCase[] {
  const counts = new Map<string, number>();
  return [
    ...examples.map(({ variant, body }) => positive(`accepts the ${variant} example`, body)),
    ...generated.map(({ variant, body }) => {
      counts.set(variant, (counts.get(variant) ?? 0) + 1);
      return positive(`accepts generated ${variant} body #${counts.get(variant)}`, body);
    }),
  ];
}

function positive(name: string, body: unknown): ContractCase {
  return { name, kind: "positive", credentials: "valid", body: JSON.stringify(body) };
}
