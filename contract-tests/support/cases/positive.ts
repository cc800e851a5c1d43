// Requests the contract allows: every request example in the spec, and seeded bodies json-schema-faker generates
// from each shape of the request body, each checked with Ajv before it is used.
import { createGeneratorSync } from "json-schema-faker";
import { describeErrors, spec, validatorAt } from "../../../test/support/spec.js";
import { atPointer, type Operation, operationById } from "../operations.js";

/** A valid request body and the request variant (body shape) it belongs to. */
export interface ValidBody {
  variant: string;
  body: Record<string, unknown>;
  /** The request example it is, when it is one. */
  example?: string;
}

/** The spec's request examples of an operation, each under its own name, in the spec's order. */
export function exampleBodies(operationId: string): ValidBody[] {
  const { body } = operationById(operationId);
  return (body?.variants ?? []).flatMap(({ name: variant, examples }) =>
    examples.map(({ name, value }) => ({ variant, body: value as Record<string, unknown>, example: name })),
  );
}

/**
 * `count` generated bodies per request variant. json-schema-faker draws `format: uuid` ids as valid UUIDs; a body
 * that still fails Ajv, or does not fit its variant, stops the run with the seed that produced it, since it would be
 * the generator's bug reported as the server's.
 */
export function generatedBodies(operationId: string, seed: number, count: number): ValidBody[] {
  const operation = operationById(operationId);
  if (!operation.body || count === 0) return [];
  // Past maxDepth json-schema-faker ignores constraints (a template parameter's `type` came out "" at the default 5).
  // Arrays stay short: a bulk body of a thousand items tests nothing a few do not.
  const generator = createGeneratorSync({ seed, maxDepth: 10, maxItems: 3 });
  const validate = validatorAt(operation.body.pointer);
  return operation.body.variants.flatMap(({ name, pointer }) =>
    Array.from({ length: count }, () => {
      // The shape's `#/components/...` references resolve against the components handed along with it.
      const body = generator.generate({ ...(atPointer(pointer) as object), components: spec.components }) as Record<string, unknown>;
      const fitsVariant = validatorAt(pointer);
      if (!fitsVariant(body) || !validate(body)) {
        const errors = describeErrors(fitsVariant.errors ?? validate.errors).join("; ");
        throw new Error(`json-schema-faker made an invalid ${name} body with seed ${seed}: ${JSON.stringify(body)} (${errors})`);
      }
      return { variant: name, body };
    }),
  );
}

/** The name of the first body shape a valid body fits. */
export function variantOf(operation: Operation, body: unknown): string | undefined {
  return operation.body?.variants.find(({ pointer }) => validatorAt(pointer)(body))?.name;
}
