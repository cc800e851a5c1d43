// Requests the contract allows: every request example in the spec, and seeded bodies json-schema-faker generates
// from each shape of the request body, each checked with Ajv before it is used.
import { createGeneratorSync } from "json-schema-faker";
import { partValidatorAt } from "../documented.js";
import { atPointer, type Operation, operationById } from "../operations.js";
import { describeErrors, spec, validatorAt } from "../spec.js";

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
 * that still fails Ajv, or does not fit its variant, is never sent: it would be the generator's bug reported as the
 * server's.
 */
export function generatedBodies(operationId: string, seed: number, count: number, { everyField = false } = {}): ValidBody[] {
  const operation = operationById(operationId);
  if (!operation.body || count === 0) return [];
  // Past maxDepth json-schema-faker ignores constraints (a template parameter's `type` came out "" at the default 5).
  // Arrays stay short: a bulk body of a thousand items tests nothing a few do not.
  const generator = createGeneratorSync({ seed, maxDepth: 10, maxItems: 3, alwaysFakeOptionals: everyField });
  const validate = validatorAt(operation.body.pointer);
  return operation.body.variants.flatMap(({ name, pointer }) =>
    Array.from({ length: count }, () => {
      // The shape's `#/components/...` references resolve against the components handed along with it.
      const schema = { ...(atPointer(pointer) as object), components: spec.components };
      const fitsVariant = partValidatorAt(pointer);
      // json-schema-faker does not honour every combination (a `true` schema in an allOf branch widens a field's
      // type): a body that fails Ajv is drawn again, a few times, from the same seeded sequence.
      let body: Record<string, unknown> = {};
      for (let attempt = 0; attempt < generationAttempts; attempt++) {
        body = generator.generate(schema) as Record<string, unknown>;
        if (fitsVariant(body) && validate(body)) return { variant: name, body };
      }
      const errors = describeErrors(fitsVariant.errors ?? validate.errors).join("; ");
      throw new Error(
        `json-schema-faker made no valid ${name} body in ${generationAttempts} draws with seed ${seed}: ${JSON.stringify(body)} (${errors})`,
      );
    }),
  );
}

const generationAttempts = 20;

/**
 * One body per variant with every optional field filled, the same on every run (a fixed seed): with the examples,
 * what the coverage phase breaks, so that every field's rules are sent whatever the run's seed.
 */
export function fullBodies(operationId: string): ValidBody[] {
  return generatedBodies(operationId, 0, 1, { everyField: true });
}

/** The name of the first body shape a valid body fits. */
export function variantOf(operation: Operation, body: unknown): string | undefined {
  return operation.body?.variants.find(({ pointer }) => partValidatorAt(pointer)(body))?.name;
}
